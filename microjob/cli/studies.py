"""The ``sweep`` command (a grid of parameter values) and the ``validate`` command (a
scenario against published labour-market facts)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

from microjob import _terminal as terminal
from microjob.cli.common import UsageError, _command_line, _name, _scenario
from microjob.cli.execution import _executor, _repeat_options
from microjob.cli.outdir import _prepare_out


def _parse_value(text: str) -> Any:
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _cmd_sweep(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import sweep

    if not args.sets:
        raise UsageError("give at least one --set PATH=V1,V2,...")
    grid: dict[str, list[Any]] = {}
    for item in args.sets:
        path, sep, values = item.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise UsageError(f"--set: expected PATH=V1,V2,..., got {item!r}")
        if path.strip() in grid:
            raise UsageError(f"--set: {path.strip()!r} given twice")
        grid[path.strip()] = [_parse_value(v.strip()) for v in values.split(",")]
    scenario = _scenario(args)
    out = _prepare_out(args)
    with _executor(args) as executor:
        result = sweep(
            scenario,
            grid,
            **_repeat_options(args, executor),
            keep=("companies",) if out is not None else (),  # companies.csv, poaching.csv
        )
    print(
        f"# {_name(scenario)}: {len(result.points)} points x {args.replications} replications, "
        f"seed {args.seed} ({result.tasks_run} runs computed); mean [95% CI]"
    )
    shown = terminal.KEY_MEASURES[:4]
    agg = result.aggregate(list(shown))
    header = [*result.parameters, *(terminal.label(field) for field in shown)]
    rows = []
    for i, point in enumerate(result.points):
        row = [str(getattr(v, "kind", v)) for v in point.values()]
        row += [terminal.interval(agg.get(f"point {i}", f), *terminal.scaled(f)) for f in shown]
        rows.append(row)
    terminal.print_rows(header, rows)
    if out is not None:
        from microjob import report

        report.write_sweep(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_validate(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob import calibration

    scenario = _scenario(args)
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        report = calibration.validate(
            scenario,
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    print(report)
    computed = report.comparison.tasks_run if report.comparison is not None else 0
    print(f"({computed} runs computed, {elapsed:.0f} s)")
    if out is not None:
        report.write_csv(out / "validation.csv")
        scenario.to_toml(out / "scenario.toml")
        written = "validation.csv, scenario.toml"
        try:
            report.save_figures(out / "figures")
            written += ", figures/"
        except ImportError as exc:
            print(f"microjob: note: no figures written: {exc}", file=sys.stderr)
        print(f"\nwrote {out}/ ({written})")
    return 0 if report.all_passed else 1
