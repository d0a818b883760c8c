"""Every example script prints exactly its committed expected output.

An example ``examples/NAME.py`` is checked when ``examples/NAME.expected.txt``
exists: the script runs in a fresh interpreter (with the command-line
arguments in ``examples/NAME.args``, if that file exists, to keep a long
example quick) and its standard output must equal that file. When the model
changes on purpose, regenerate the file (see ``examples/README.md``) and
review the diff.

The comparison is marked ``slow`` (each example runs whole simulations); the
default ``pytest`` run, which is what CI does, includes slow tests.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHECKED = sorted(
    script for script in EXAMPLES.glob("*.py") if script.with_suffix(".expected.txt").is_file()
)


def test_examples_are_found() -> None:
    assert CHECKED, f"no example with an expected output in {EXAMPLES}"


@pytest.mark.slow
@pytest.mark.parametrize("script", CHECKED, ids=[s.stem for s in CHECKED])
def test_example_output_matches_expected(script: Path) -> None:
    expected_path = script.with_suffix(".expected.txt")
    expected = expected_path.read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    args_file = script.with_suffix(".args")
    args = args_file.read_text(encoding="utf-8").split() if args_file.is_file() else []
    proc = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=EXAMPLES.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{script.name} exited with {proc.returncode}\n--- stderr ---\n{proc.stderr}"
    )
    if proc.stdout != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                proc.stdout.splitlines(keepends=True),
                fromfile=f"examples/{expected_path.name}",
                tofile=f"stdout of examples/{script.name}",
            )
        )
        pytest.fail(
            f"{script.name} printed something other than {expected_path.name}.\n"
            f"If the change is intended, regenerate it:\n"
            f"    python examples/{script.name} {' '.join(args)} > examples/{expected_path.name}"
            f"\n\n{diff}",
            pytrace=False,
        )
