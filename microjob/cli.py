"""Command line: ``microjob run`` and ``microjob presets``.

A first, small command line; experiments, scenario files and reports come
with later releases. Exit codes: 0 success, 2 bad input, 1 anything else.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence

from microjob.policies import InternalFreelance, TraditionalEmployment
from microjob.scenario import scenarios
from microjob.simulate import simulate

__all__ = ["main"]

_POLICIES = {
    "traditional": TraditionalEmployment,
    "internal-freelance": InternalFreelance,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="microjob", description="Simulate careers made of micro-jobs.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the preset scenarios")
    run = sub.add_parser("run", help="simulate one preset under one policy and print its measures")
    run.add_argument("--preset", default="baseline", choices=scenarios.names())
    run.add_argument("--policy", choices=sorted(_POLICIES), default=None)
    run.add_argument("--seed", type=int, default=1)
    return parser


def _format_value(x: float) -> str:
    return "n/a" if isinstance(x, float) and math.isnan(x) else f"{x:.4g}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``microjob`` and ``python -m microjob``; returns the exit code."""
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "presets":
            for name in scenarios.names():
                print(f"{name:10s} {getattr(scenarios, name)().description}")
            return 0
        if args.seed < 0:
            print(f"microjob: error: --seed must be >= 0, got {args.seed}", file=sys.stderr)
            return 2
        scenario = getattr(scenarios, args.preset)()
        policy = _POLICIES[args.policy]() if args.policy else None
        summary = simulate(scenario, seed=args.seed, policy=policy).summary()
        label = args.policy or "as in the preset"
        print(f"# {args.preset}, policy {label}, seed {args.seed}")
        for name, value in summary.as_dict().items():
            print(f"{name:36s} {_format_value(value)}")
        return 0
    except BrokenPipeError:  # output piped into a pager or `head` that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt:
        print("microjob: interrupted", file=sys.stderr)
        return 130
    except (ValueError, TypeError) as exc:
        print(f"microjob: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
