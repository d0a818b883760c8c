"""How the report writes numbers, counts, lists and parameter values."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

_MINUS = "\u2212"


def _number(value: float, decimals: int, *, signed: bool = False) -> str:
    """``value`` with thousands separators and a true minus sign; ``n/a`` when not finite."""
    if not math.isfinite(value):
        return "n/a"
    if round(value, decimals) == 0:
        value, signed = 0.0, False
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    return text.replace("-", _MINUS)


def _count(n: int, noun: str) -> str:
    """``3 replications``, ``1 replication``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(items: Sequence[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return "; ".join(items[:-1]) + f"; {last} " + items[-1]


def _wrap(text: str, width: int = 16) -> str:
    """Break a tick label on spaces into lines of about ``width`` characters."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _show_value(value: Any) -> str:
    if attrs.has(type(value)) and hasattr(value, "kind"):
        return str(value.kind)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _describe_value(value: Any) -> str:
    if attrs.has(type(value)) and hasattr(value, "kind"):
        return str(value.kind)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _seed_text(entropy: Sequence[int]) -> str:
    return "/".join(str(x) for x in entropy)
