"""The command line's parser: one small builder per command, and the options they share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microjob.policies import POLICY_KINDS

POLICY_CHOICES = tuple(entry.kind for entry in POLICY_KINDS)
"""Policy names the command line offers (aliases such as ``internal_freelance`` also work)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


# ------------------------------------------------------------------ arguments


def _int_from(minimum: int, wanted: str) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``, else a message saying ``wanted``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
        return value

    return parse


_positive_int = _int_from(1, "a positive integer")
_seed = _int_from(0, "an integer >= 0")


def _add_scenario(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    from microjob.scenario import scenarios

    p.add_argument(
        "scenario",
        nargs=None if required else "?",
        metavar="SCENARIO",
        help="a scenario file (TOML; `microjob init` writes one)"
        + ("" if required else "; default: --preset"),
    )
    if not required:
        p.add_argument(
            "--preset",
            choices=scenarios.names(),
            default=None,
            help="a built-in scenario instead of a file (default baseline)",
        )


def _add_output(p: argparse.ArgumentParser, what: str = "CSVs, figures and a report") -> None:
    p.add_argument("--out", metavar="DIR", type=Path, help=f"write {what} here")
    p.add_argument("--force", action="store_true", help="write into a non-empty --out directory")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _add_repeats(p: argparse.ArgumentParser, default: int, note: str = "") -> None:
    """``--replications`` (with its default) and ``--seed``."""
    p.add_argument(
        "--replications",
        type=_positive_int,
        default=default,
        metavar="R",
        help=f"default {default}{note}",
    )
    p.add_argument("--seed", type=_seed, default=1, help="root seed (default 1)")


def _add_parallel(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="K",
        help="processes to run replications on (default: all CPUs)",
    )
    where.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask cluster (scheduler address)"
    )
    p.add_argument("--store", metavar="FILE", help="SQLite file that keeps finished runs (resume)")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="microjob",
        description="Simulate careers made of micro-jobs: do internal freelance programmes "
        "make people stay longer and grow more skills, and what do they cost?",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the built-in scenarios")
    for add in (
        _add_init,
        _add_run,
        _add_compare,
        _add_decompose,
        _add_barriers,
        _add_sweep,
        _add_validate,
        _add_bench,
    ):
        add(sub)
    return parser


def _add_init(sub: Any) -> None:
    """The ``init`` command: a commented scenario file to start from."""
    init = sub.add_parser("init", help="write a commented scenario file to start from")
    init.add_argument("name", metavar="NAME", help="file to write (.toml is added if missing)")
    init.add_argument(
        "--preset", default="baseline", help="preset to start from (default baseline)"
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")


def _add_run(sub: Any) -> None:
    """The ``run`` command: one scenario, once."""
    run = sub.add_parser("run", help="simulate one scenario once and print its measures")
    _add_scenario(run)
    run.add_argument(
        "--policy",
        metavar="NAME",
        help="policy of every company: traditional, internal-freelance, one of the file's "
        "arms, or scenario (as written; the default)",
    )
    run.add_argument("--seed", type=_seed, default=1, help="root seed (default 1)")
    _add_output(run)


def _add_compare(sub: Any) -> None:
    """The ``compare`` command: policies over replications."""
    compare = sub.add_parser(
        "compare", help="compare policies over replications with common random numbers"
    )
    _add_scenario(compare)
    compare.add_argument(
        "--arms",
        "--policies",
        dest="arms",
        metavar="A,B,...",
        help="comma-separated arms: traditional, internal-freelance, scenario (the file's "
        "policies as written) or arms the file defines ([arms.NAME]); default: the file's "
        "arms, else traditional against the file as written (traditional,internal-freelance "
        "for an all-traditional scenario)",
    )
    _add_repeats(compare, 6, " (with --precision: the first round)")
    compare.add_argument(
        "--precision",
        metavar="HALF-WIDTH",
        help="add replications until each paired difference's 95%% interval is this narrow "
        "(e.g. 0.5pp for a percentage, or a number in the measure's unit)",
    )
    compare.add_argument(
        "--precision-of",
        metavar="M,...",
        default="retention_2y",
        help="measures --precision applies to (default retention_2y)",
    )
    compare.add_argument(
        "--max-replications",
        type=_positive_int,
        default=100,
        metavar="N",
        help="cap on replications with --precision (default 100)",
    )
    compare.add_argument(
        "--decompose",
        action="store_true",
        help="also attribute the difference between the first two arms to their levers "
        "(runs every combination of the levers in which they differ, on the same seeds)",
    )
    _add_parallel(compare)
    _add_output(compare)


def _add_decompose(sub: Any) -> None:
    """The ``decompose`` command: a policy difference attributed to its levers."""
    decompose = sub.add_parser(
        "decompose",
        help="attribute a policy difference to its levers (one at a time and Shapley)",
        description="Run every combination of the levers in which two policies differ, on "
        "common random numbers, and attribute the difference to each lever: its effect "
        "switched alone (one at a time; the rest is the interaction) and its Shapley value "
        "(its effect averaged over every order of switching; they add up to the total).",
    )
    _add_scenario(decompose)
    decompose.add_argument(
        "--from",
        dest="from_",
        default="traditional",
        metavar="POLICY",
        help="policy the difference is measured from (default traditional)",
    )
    decompose.add_argument(
        "--to",
        default="internal-freelance",
        metavar="POLICY",
        help="policy the difference is measured to (default internal-freelance; "
        "any policy name, the file's arms included)",
    )
    decompose.add_argument(
        "--levers",
        metavar="A,B,...",
        help="levers: internal-fills, redeployment, micro-jobs, pay, or policy attributes "
        "(default: the groups in which the two policies differ)",
    )
    _add_repeats(decompose, 4)
    _add_parallel(decompose)
    _add_output(decompose)


def _add_barriers(sub: Any) -> None:
    """The ``barriers`` command: the barriers to micro-jobs ranked by removing them."""
    from microjob.experiment.barriers import BARRIERS

    barriers = sub.add_parser(
        "barriers",
        help="rank the barriers to micro-jobs (mindset, managers, skills, ...) by removing them",
        description="Remove the barriers between workers and micro-jobs alone and in every "
        "combination, on common random numbers, and rank them by how much removing each "
        "raises participation; the table also shows retention and quits, and each "
        "barrier's Shapley value. Barriers: "
        + "; ".join(f"{b.name} ({b.description})" for b in BARRIERS.values())
        + ".",
    )
    _add_scenario(barriers)
    barriers.add_argument(
        "--policy",
        default="internal-freelance",
        metavar="POLICY",
        help="policy of every company (default internal-freelance; any policy name that "
        "posts micro-jobs, the file's arms included)",
    )
    barriers.add_argument(
        "--barriers",
        metavar="A,B,...",
        help=f"barriers to remove: {', '.join(BARRIERS)} (default: every one that stands "
        "in the scenario and policy)",
    )
    _add_repeats(barriers, 4)
    _add_parallel(barriers)
    _add_output(barriers, "barriers.csv, runs.csv and figures/barriers.png")


def _add_sweep(sub: Any) -> None:
    """The ``sweep`` command: a grid of parameter values."""
    sweep = sub.add_parser("sweep", help="run a grid of parameter values")
    _add_scenario(sweep)
    sweep.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="PATH=V1,V2,...",
        help="a parameter path and its values, e.g. market.offer_rate_per_year=0.2,0.4 "
        "(repeat for a full-factorial grid)",
    )
    _add_repeats(sweep, 3)
    _add_parallel(sweep)
    _add_output(sweep)


def _add_validate(sub: Any) -> None:
    """The ``validate`` command: a scenario against the published facts."""
    validate = sub.add_parser(
        "validate",
        help="check a scenario against published labour-market facts",
        description="Run the scenario with every company under traditional employment and "
        "compare its measures with the calibration targets (BLS tenure, JOLTS quits and "
        "layoffs, NLSY79 jobs held by age; docs/validation.md). A target passes when the "
        "mean over replications lies inside its band. With --out, writes validation.csv, "
        "figures/ (tenure by age, jobs by age, monthly quits and layoffs against the "
        "published figures) and scenario.toml.",
        epilog="Exit codes: 0 every target passes; 1 some target fails (the table is "
        "printed) or the run failed (a message on standard error); 2 bad input.",
    )
    _add_scenario(validate)
    _add_repeats(validate, 4)
    _add_parallel(validate)
    validate.add_argument(
        "--out", metavar="DIR", type=Path, help="write validation.csv and figures here"
    )
    validate.add_argument(
        "--force", action="store_true", help="write into a non-empty --out directory"
    )
    validate.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _add_bench(sub: Any) -> None:
    """The ``bench`` command: simulation speed."""
    bench = sub.add_parser("bench", help="measure simulation speed on this machine")
    _add_scenario(bench)
    bench.add_argument("--repeats", type=_positive_int, default=1, help="runs per policy")
    bench.add_argument(
        "--cold",
        action="store_true",
        help="also time a compile from nothing, in a fresh process (minutes)",
    )
