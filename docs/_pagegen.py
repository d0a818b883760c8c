"""The command line shared by the scripts that generate pages of the documentation."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main(output: Path, render: Callable[[], str], argv: Sequence[str] | None = None) -> int:
    """Write ``render()`` to ``output``, or with ``--check`` exit 1 when it differs.

    ``--check`` prints a unified diff of what would change and the command
    that regenerates the page.
    """
    name = output.relative_to(ROOT).as_posix()
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "the generator"
    parser = argparse.ArgumentParser(description=f"Generate {name}.")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if {name} is out of date")
    args = parser.parse_args(argv)
    text = render()
    if not args.check:
        output.write_text(text, "utf-8", newline="\n")
        return 0
    current = output.read_text("utf-8") if output.exists() else ""
    if current == text:
        return 0
    sys.stderr.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"{name} (on disk)",
            f"{name} (generated)",
        )
    )
    sys.stderr.write(f"\n{name} is out of date: run `python docs/{script}`.\n")
    return 1


def join(lines: list[str]) -> str:
    """The page's lines as text: trailing blank lines dropped, one final newline."""
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def experiment_page(
    page: Path,
    description: str,
    run: Callable[[int, Executor | None, str | None], Any],
    render: Callable[[Any, int], str],
    argv: Sequence[str] | None = None,
    figures: Callable[[Any], list[Path]] | None = None,
) -> int:
    """The command line of a page generated from experiments: ``--workers``,
    ``--replications`` and ``--store``; runs ``run(replications, executor, store)``,
    writes ``render(found, replications)`` to ``page`` and, if given, draws
    ``figures(found)`` (which returns the paths it wrote)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replications", type=int, default=8)
    parser.add_argument("--store", help="result store to reuse runs from (a file path)")
    args = parser.parse_args(argv)
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else nullcontext()
    with pool as executor:
        found = run(args.replications, executor, args.store)
    page.write_text(render(found, args.replications), "utf-8", newline="\n")
    written = [page, *(figures(found) if figures is not None else [])]
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return 0
