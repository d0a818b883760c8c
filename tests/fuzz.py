"""Mutated scenario files for the fuzz tests of the command line.

A mutation starts from a valid, tiny scenario file and changes one thing: a value
(wrong type, non-finite, huge or tiny), a deleted line, a junk line, a truncated
file or a duplicated line. Tests run the result through ``microjob run`` and check
how it fails.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from hypothesis import strategies as st

import microjob as mj

KINDS = st.sampled_from(["value", "delete", "junk", "truncate", "duplicate"])
"""The kinds of mutation, one per file."""

BAD_VALUES = ['"fast"', "-5", "1e9", "true", "[1, 2]", "{}", "nan", "inf", "-inf", "1e308"]
BAD_VALUES += ["1_000_000_000_000", "-0.0", "1e-300"]
JUNK_LINES = ["x y z", "[market", "= 3", "a = ", "q = 1"]


def tiny_file(directory: Path) -> Path:
    """The small preset, shortened, as a scenario file (runs take a tenth of a second)."""
    path = directory / "tiny.toml"
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    scenario.to_toml(path)
    return path


@attrs.frozen
class Mutation:
    """A mutated file: its kind and the key on the line it changed."""

    kind: str
    key: str


def mutate(path: Path, kind: str, data: st.DataObject) -> Mutation:
    """Rewrite the scenario file at ``path`` with one mutation of ``kind``."""
    lines = path.read_text().splitlines()
    keyed = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    i = data.draw(st.sampled_from(keyed), label="line")
    key = lines[i].split(" = ")[0].strip()
    if kind == "value":
        lines[i] = lines[i].split(" = ")[0] + " = " + data.draw(st.sampled_from(BAD_VALUES))
    elif kind == "delete":
        del lines[i]
    elif kind == "junk":
        lines.insert(i, data.draw(st.sampled_from(JUNK_LINES)))
    elif kind == "truncate":
        lines = lines[:i]
    else:
        lines.insert(i, lines[i])
    path.write_text("\n".join(lines) + "\n")
    return Mutation(kind, key)


def check_outcome(code: int, message: str, mutation: Mutation) -> None:
    """A mutated file exits 0 or 2; on 2, one readable message names the file (and key)."""
    assert code in (0, 2), message
    if code == 2:
        assert message.startswith("microjob: error: ") and "Traceback" not in message
        assert "tiny.toml" in message, "the message names the file"
        if mutation.kind == "value":  # the key, or where the TOML stopped making sense
            assert mutation.key in message or "(at line " in message, "the message names the key"
