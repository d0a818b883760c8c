"""The commands that attribute a difference: ``decompose`` (a policy difference to its
levers) and ``barriers`` (participation to the barriers to micro-jobs)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from microjob import _terminal as terminal
from microjob.cli.common import UsageError, _command_line, _name, _option_names, _scenario
from microjob.cli.execution import _executor, _repeat_options
from microjob.cli.outdir import _prepare_out


def _cmd_decompose(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import decompose
    from microjob.experiment.decompose import decomposition_levers

    scenario = _scenario(args)
    levers = None
    if args.levers is not None:
        levers = [n.strip() for n in args.levers.split(",") if n.strip()]
        if not levers:
            raise UsageError("--levers: give at least one lever")
    try:  # check the levers before anything runs: no runs for a typo
        decomposition_levers(scenario, from_=args.from_, to=args.to, levers=levers)
    except (TypeError, ValueError) as exc:
        raise UsageError(_option_names(str(exc))) from None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        result = decompose(
            scenario,
            from_=args.from_,
            to=args.to,
            levers=levers,
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    combos = 2 ** len(result.levers)
    print(
        f"# {_name(scenario)}: {args.from_} -> {args.to}, {len(result.levers)} levers "
        f"({combos} combinations) x {args.replications} replications, seed {args.seed} "
        f"({result.tasks_run} runs computed, {elapsed:.0f} s); mean [95% CI]"
    )
    terminal.print_decomposition(result)
    if out is not None:
        from microjob import report

        report.write_decomposition(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_barriers(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment.barriers import BARRIER_MEASURES, barrier_plan, barriers

    scenario = _scenario(args)
    removed = None
    if args.barriers is not None:
        removed = [n.strip() for n in args.barriers.split(",") if n.strip()]
        if not removed:
            raise UsageError("--barriers: give at least one barrier")
    try:  # check before anything runs: no runs for a typo
        policy, chosen = barrier_plan(scenario, policy=args.policy, removed=removed)
    except (TypeError, ValueError) as exc:
        message = _option_names(str(exc)).replace("removed:", "--barriers:")
        raise UsageError(message.replace("policy:", "--policy:", 1)) from None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        result = barriers(
            scenario,
            policy=policy,
            removed=[b.name for b in chosen],
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    print(
        f"# {_name(scenario)}: barriers to micro-jobs under {args.policy}, "
        f"{len(chosen)} barriers ({2 ** len(chosen)} combinations) x {args.replications} "
        f"replications, seed {args.seed} ({result.tasks_run} runs computed, {elapsed:.0f} s); "
        "mean [95% CI]"
    )
    terminal.print_barriers(result)
    if out is not None:
        from microjob.report.files import _pandas, _write_csv

        _pandas()
        written = [
            _write_csv(result.table(list(BARRIER_MEASURES)).to_frame(), out / "barriers.csv"),
            _write_csv(result.to_frame(), out / "runs.csv"),
            _barrier_figure(result, out / "figures" / "barriers.png"),
        ]
        print(f"\nwrote {', '.join(str(p) for p in written)}")
    return 0


def _barrier_figure(result: Any, path: Path) -> Path:
    """Participation and retention, barrier by barrier (needs matplotlib)."""
    from microjob import plot

    figure = plot._figure_class()
    path.parent.mkdir(exist_ok=True)
    with plot._style():
        fig = figure(figsize=(11, 4.2), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, measure in zip(axes, ("gig_participation_share", "retention_2y"), strict=True):
            plot.decomposition(result, measure, ax=ax)
        axes[1].get_legend().remove()
        fig.savefig(path, dpi=150, metadata={"Software": None})
    return path
