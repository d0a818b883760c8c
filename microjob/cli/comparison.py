"""The ``compare`` command: policies over replications, optionally to a precision and
with the difference between the first two arms decomposed."""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from microjob import _terminal as terminal
from microjob.cli.common import UsageError, _arms, _command_line, _name, _scenario
from microjob.cli.execution import _executor, _repeat_options
from microjob.cli.outdir import _prepare_out
from microjob.summary import RunSummary

if TYPE_CHECKING:
    from microjob.records import RunResult
    from microjob.scenario import Scenario


def _cmd_compare(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import compare

    scenario = _scenario(args)
    policies = _arms(scenario, args.arms, "--arms")
    precision = _precision(args)
    ends = _decompose_ends(scenario, policies) if args.decompose else None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        comparison = compare(
            scenario,
            policies,
            **_repeat_options(args, executor),
            precision=precision,
            max_replications=max(args.max_replications, args.replications),
            keep=("retention_curve", "companies") if out is not None else (),
        )
        examples = _run_examples(executor, scenario, policies, args.seed) if out else {}
        decomposition = None
        if ends is not None:
            from microjob.experiment import decompose

            options = _repeat_options(args, executor)
            options["replications"] = comparison.replications
            decomposition = decompose(scenario, from_=ends[0], to=ends[1], **options)
    elapsed = time.perf_counter() - started
    print(
        f"# {_name(scenario)}: {len(policies)} policies x {comparison.replications} replications, "
        f"seed {args.seed} ({comparison.tasks_run} runs computed, {elapsed:.0f} s); "
        "mean [95% CI]"
    )
    if comparison.precision is not None:
        print(f"# {comparison.precision}")
    terminal.print_comparison(comparison)
    if decomposition is not None:
        first, second = list(policies)[:2]
        print(f"\n# where the difference {second} - {first} comes from")
        terminal.print_decomposition(decomposition)
    if out is not None:
        from microjob import report

        report.write_comparison(
            out, comparison, examples, command=_command_line(argv), decomposition=decomposition
        )
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _run_examples(
    executor: Executor | None, scenario: Scenario, policies: dict[str, Any], seed: int
) -> dict[str, RunResult]:
    """Replication 0 of each policy with its records, for curves and spells."""
    from microjob.experiment import replication_seeds

    first = replication_seeds(seed, 1)[0]
    if executor is None:
        return {k: _simulate_full(scenario, p, first) for k, p in policies.items()}
    futures = {k: executor.submit(_simulate_full, scenario, p, first) for k, p in policies.items()}
    return {k: f.result() for k, f in futures.items()}


def _simulate_full(scenario: Scenario, policy: Any, seed: Any) -> RunResult:
    """A whole run, records included (a top-level function, so executors can pickle it)."""
    from microjob.simulate import simulate

    result = simulate(scenario, seed=seed, policy=policy)
    result.summary()
    return result


def _decompose_ends(scenario: Scenario, policies: dict[str, Any]) -> tuple[Any, Any]:
    """The two policies ``compare --decompose`` decomposes the difference between, checked."""
    from microjob.experiment.decompose import decomposition_levers

    if len(policies) < 2:
        raise UsageError("--decompose: needs two arms (the first two are decomposed)")
    ends = []
    for label in list(policies)[:2]:
        policy = policies[label]
        if policy is None:  # the scenario as written: one policy only if all companies share it
            found = {c.policy for c in scenario.companies}
            if len(found) != 1:
                raise UsageError(
                    "--decompose: the 'scenario' arm mixes policies; decompose named policies"
                )
            policy = found.pop()
        ends.append(policy)
    try:
        decomposition_levers(scenario, from_=ends[0], to=ends[1])
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--decompose: {exc}") from None
    return ends[0], ends[1]


def _precision(args: argparse.Namespace) -> dict[str, float] | None:
    """``--precision`` as half-width targets by measure (``0.5pp`` of a percentage is 0.005)."""
    from microjob.experiment.tables import _measures

    if args.precision is None:
        return None
    names = [m.strip() for m in args.precision_of.split(",") if m.strip()]
    try:
        _measures(names)
    except ValueError as exc:
        raise UsageError(f"--precision-of: {str(exc).partition(': ')[2]}") from None
    if not names:
        raise UsageError("--precision-of: give at least one measure")
    text = args.precision.strip()
    points = text.endswith("pp")
    try:
        value = float(text[:-2] if points else text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise UsageError(f"--precision: must be a positive number such as 0.5pp, got {text!r}")
    targets = {}
    for name in names:
        info = RunSummary.info(name)
        if points and not info.percent:
            raise UsageError(
                f"--precision: {name} is not a percentage ({info.unit}); give a number in "
                "its own unit"
            )
        targets[name] = value / info.scale if points else value
    return targets
