"""Run the code of ``docs/retention.md`` and write its outputs and figures.

The page is the single source of its examples. This script executes the
page's ``python`` code blocks in order, in one namespace, with ``docs/img``
as the working directory, so that a block's ``savefig("name.png")`` writes
the figure the page shows as ``img/name.png``. What a block prints replaces
the ``text`` block that follows it. Every number the page quotes is in one
of those output blocks, so none can go stale unnoticed.

Usage, from the repository root::

    python docs/gen_retention.py           # rerun the code, rewrite outputs and figures
    python docs/gen_retention.py --check   # exit 1 if an output block is out of date

``--check`` draws the figures into a temporary directory and compares only
the text (PNG bytes depend on the matplotlib version and its fonts); it also
checks that every ``img/`` picture the page shows is drawn by its code. The
simulations take about 20 seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "retention.md"
IMAGES = ROOT / "docs" / "img"

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_ADJACENT = re.compile(r"```[ \t]*\n\s*```text[^\n]*\n")
_IMAGE = re.compile(r"!\[[^\]]*\]\(img/([\w.-]+)\)")


class Block(NamedTuple):
    """A fenced block of the page: its language and where its body starts and ends."""

    language: str
    body: str
    start: int
    end: int


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order."""
    return [Block(m[1], m[2], m.start(2), m.end(2)) for m in _FENCE.finditer(text)]


def _output_block(text: str, code: Block, following: Block | None) -> Block | None:
    """The ``text`` block right after ``code`` (only blank lines between), if any."""
    if following is None or following.language != "text":
        return None
    between = text[code.end : following.start]
    return following if _ADJACENT.fullmatch(between) else None


def run_page(text: str, workdir: Path) -> str:
    """Execute the page's python blocks in ``workdir``; the page with their outputs filled in."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    found = blocks(text)
    namespace: dict[str, object] = {"__name__": "__retention_page__"}
    replacements: list[tuple[Block, str]] = []
    here = Path.cwd()
    os.chdir(workdir)
    try:
        for i, block in enumerate(found):
            if block.language != "python":
                continue
            line = text.count("\n", 0, block.start) + 1
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block.body, f"{PAGE.name}:{line}", "exec"), namespace)
            target = _output_block(text, block, found[i + 1] if i + 1 < len(found) else None)
            printed = out.getvalue()
            if target is None and printed:
                raise SystemExit(
                    f"{PAGE.name}:{line}: the block prints, but no ```text block follows it"
                )
            if target is not None:
                if not printed:
                    raise SystemExit(f"{PAGE.name}:{line}: a ```text block follows a silent block")
                replacements.append((target, printed))
    finally:
        os.chdir(here)
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    for target, printed in reversed(replacements):
        text = text[: target.start] + printed + text[target.end :]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/retention.md is out of date"
    )
    args = parser.parse_args(argv)
    current = PAGE.read_text("utf-8")
    shown = set(_IMAGE.findall(current))
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = run_page(current, Path(tmp))
            drawn = {p.name for p in Path(tmp).iterdir()}
    else:
        IMAGES.mkdir(exist_ok=True)
        before = {p: p.stat().st_mtime_ns for p in IMAGES.iterdir()}
        fresh = run_page(current, IMAGES)
        drawn = {p.name for p in IMAGES.iterdir() if before.get(p) != p.stat().st_mtime_ns}
    problems = [
        f"img/{name} is shown on the page but no block draws it" for name in sorted(shown - drawn)
    ]
    if args.check:
        if fresh != current:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    fromfile="docs/retention.md",
                    tofile="docs/retention.md (rerun)",
                )
            )
            problems.append("docs/retention.md is out of date: run python docs/gen_retention.py")
    elif fresh != current:
        PAGE.write_text(fresh, "utf-8")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
