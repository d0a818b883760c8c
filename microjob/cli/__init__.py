"""The command line: ``microjob`` and ``python -m microjob``.

Commands: ``presets``, ``init``, ``run``, ``compare``, ``sweep``, ``validate``
and ``bench``; ``microjob COMMAND --help`` describes each. Exit codes: 0
success, 2 bad input (usage, a scenario file, a parameter value, a result
store made for something else), 1 anything else, 130 interrupted; errors are
one-line messages on standard error, never tracebacks. Progress goes to
standard error, a bar on a terminal and one line per finished run (with an
estimate of the time left) elsewhere; ``--quiet`` turns it off. Results go to
standard output and, with ``--out DIR``, to files.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress

from microjob import _terminal as terminal
from microjob.cli.attribution import _cmd_barriers, _cmd_decompose
from microjob.cli.basic import _cmd_bench, _cmd_init, _cmd_presets, _cmd_run
from microjob.cli.common import UsageError
from microjob.cli.comparison import _cmd_compare
from microjob.cli.outdir import MANIFEST, _write_manifest
from microjob.cli.parser import POLICY_CHOICES, _build_parser
from microjob.cli.studies import _cmd_sweep, _cmd_validate

__all__ = ["MANIFEST", "POLICY_CHOICES", "UsageError", "main"]

_COMMANDS: dict[str, Callable[[argparse.Namespace, Sequence[str]], int]] = {
    "presets": _cmd_presets,
    "init": _cmd_init,
    "run": _cmd_run,
    "compare": _cmd_compare,
    "decompose": _cmd_decompose,
    "barriers": _cmd_barriers,
    "sweep": _cmd_sweep,
    "validate": _cmd_validate,
    "bench": _cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``microjob`` and ``python -m microjob``; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (2) and --help (0) end here
        return exc.code if isinstance(exc.code, int) else 2
    from microjob.experiment import StoreMismatchError

    try:
        return _COMMANDS[args.command](args, argv)
    except BrokenPipeError:  # output piped into a pager or `head` that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt:
        kept = f"; finished runs are kept in {args.store}" if getattr(args, "store", None) else ""
        print(f"microjob: interrupted{kept}", file=sys.stderr)
        return 130
    except (UsageError, StoreMismatchError, ValueError, TypeError) as exc:
        message = str(exc).strip() or type(exc).__name__
        lines = [terminal.printable(line) for line in message.splitlines()]
        print(f"microjob: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(f"  {line}", file=sys.stderr)
        return 2
    except MemoryError:  # past the estimate of kernel.run.check_memory: the OS said no
        print(
            "microjob: error: out of memory; make the scenario smaller "
            "(population.outside_workers, companies[].roles[].positions) "
            "or run it where more memory is available",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # anything else: one line, no traceback
        print(
            f"microjob: error: {type(exc).__name__}: {terminal.printable(str(exc))}",
            file=sys.stderr,
        )
        return 1
    finally:  # whatever happened, list what this command wrote for the next --force
        before = getattr(args, "out_before", None)
        if before is not None:
            with suppress(OSError):
                _write_manifest(args.out, before)
