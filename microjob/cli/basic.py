"""The commands that run no replications: ``presets``, ``init``, ``run`` and ``bench``."""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Sequence
from pathlib import Path

from microjob import _terminal as terminal
from microjob.cli.common import UsageError, _arms, _command_line, _name, _scenario
from microjob.cli.outdir import _prepare_out
from microjob.policies import POLICY_KINDS, SCENARIO_ARM


def _cmd_presets(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.scenario import scenarios

    for name in scenarios.names():
        print(f"{name:10s} {getattr(scenarios, name)().description}")
    return 0


def _cmd_init(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob import _toml
    from microjob.scenario import scenarios

    if args.preset not in scenarios.names():
        raise UsageError(
            f"--preset: unknown preset {args.preset!r}; choose from {', '.join(scenarios.names())}"
        )
    path = Path(args.name)
    if path.suffix != ".toml":
        path = path.with_name(path.name + ".toml")
    if path.exists() and not args.force:
        raise UsageError(f"{str(path)!r} exists; use --force to overwrite it")
    scenario = getattr(scenarios, args.preset)()
    path.write_text(_toml.template(scenario), encoding="utf-8")
    print(f"wrote {path} (the {args.preset!r} preset); edit it, then: microjob compare {path}")
    return 0


def _cmd_run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.simulate import simulate

    scenario = _scenario(args)
    (label, policy), *_ = _arms(scenario, args.policy or SCENARIO_ARM, "--policy").items()
    out = _prepare_out(args)
    result = simulate(scenario, seed=args.seed, policy=policy)
    summary = result.summary()
    print(f"# {_name(scenario)}, policy {label}, seed {args.seed}")
    terminal.print_summary(summary)
    from microjob.report.companies import print_companies  # per company, 2+ companies

    print_companies(result)
    if out is not None:
        from microjob import report

        report.write_run(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_bench(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.kernel.warm import cold_compile_seconds, warm_up
    from microjob.simulate import simulate

    scenario = _scenario(args)
    ready = warm_up()
    how = "compiled now and cached on disk" if ready.compiled else "loaded from the on-disk cache"
    print(f"# compiled engine ready in {ready.seconds:.1f} s ({how})")
    if args.cold:
        print(f"# a compile from nothing takes {cold_compile_seconds():.0f} s in a fresh process")
    print(f"# {_name(scenario)}: best of {args.repeats} run(s) per policy, one process")
    rows = []
    for policy in (entry.policy_class() for entry in POLICY_KINDS):
        best = math.inf
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = simulate(scenario, seed=1, policy=policy)
            best = min(best, time.perf_counter() - start)
        years = result.summary().worker_years
        events = float(result.stats.events)
        rows.append(
            [
                policy.kind,
                f"{best:.2f}",
                f"{years / best:,.0f}",
                terminal.number(events / best, 0) if events == events else "n/a",
            ]
        )
    terminal.print_rows(["policy", "seconds", "worker-years/s", "events/s"], rows)
    print("\n(benchmarks/ in the source tree has the full throughput, scaling, survival")
    print("and parallel benchmarks)")
    return 0
