"""Grid paths: reading ``companies[0].policy.time_share`` and setting a value there."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from microjob.experiment.arms import resolve_policy
from microjob.policies import LEVERS, Policy

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+|\*)\])?")


def _parse_path(path: str) -> list[tuple[str, str | None]]:
    if not isinstance(path, str) or not path:
        raise ValueError(f"grid: keys must be dotted parameter paths, got {path!r}")
    steps = []
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if m is None:
            raise ValueError(
                f"grid: cannot read path {path!r} (at {part!r}); write e.g. "
                "'market.offer_rate_per_year' or 'companies[0].policy.time_share'"
            )
        steps.append((m.group(1), m.group(2)))
    return steps


def _coerce(path: str, old: Any, value: Any) -> Any:
    """``value`` converted to the kind of ``old``, or a TypeError naming the path."""

    def bad(kind: str) -> TypeError:
        return TypeError(f"grid {path!r}: must be {kind}, got {value!r}")

    if isinstance(old, bool):
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if isinstance(old, float):
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise bad("a number")
        return float(value)
    if isinstance(old, int):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise bad("an integer")
        return int(value)
    if isinstance(old, str):
        if not isinstance(value, str):
            raise bad("a string")
        return value
    if isinstance(old, Policy):
        return resolve_policy(value, None, f"grid {path!r}")
    if attrs.has(type(old)) and not isinstance(value, type(old)):
        raise bad(f"a {type(old).__name__}")
    return value


def _set(obj: Any, steps: Sequence[tuple[str, str | None]], value: Any, path: str) -> Any:
    """A copy of ``obj`` with the value at ``steps`` replaced (validators run)."""
    name, index = steps[0]
    if not attrs.has(type(obj)):
        raise ValueError(f"grid {path!r}: {type(obj).__name__} has no parameters")
    names = [f.name for f in attrs.fields(type(obj)) if f.init]
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if name in LEVERS and isinstance(obj, Policy):
            hint = f"; it is fixed at {getattr(obj, name)!r} there (InternalFreelance sets it)"
        raise ValueError(f"grid {path!r}: unknown parameter {name!r} in {type(obj).__name__}{hint}")
    current = getattr(obj, name)
    if index is not None:
        if not isinstance(current, tuple):
            raise ValueError(f"grid {path!r}: {name} is not a list and cannot be indexed")
        if index == "*":
            positions = range(len(current))
        else:
            if int(index) >= len(current):
                raise ValueError(
                    f"grid {path!r}: index {index} out of range ({name} has {len(current)})"
                )
            positions = range(int(index), int(index) + 1)
        items = list(current)
        for i in positions:
            items[i] = (
                _set(items[i], steps[1:], value, path)
                if len(steps) > 1
                else _coerce(path, items[i], value)
            )
        new: Any = tuple(items)
    elif len(steps) > 1:
        new = _set(current, steps[1:], value, path)
    else:
        new = _coerce(path, current, value)
    try:
        return attrs.evolve(obj, **{name: new})
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"grid {path!r} = {value!r}: {exc}") from None
