"""How the report writes numbers, counts, lists and parameter values."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

from microjob.policies import find_policy_kind, policy_label

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


def _describe_value(value: Any) -> str:
    """A parameter's value in a table or a sentence.

    A policy is shown by its display label, another object with a ``kind`` (a
    matcher) by its kind; numbers as written (``0.015``), booleans as yes or no.
    """
    kind = getattr(value, "kind", None)
    if attrs.has(type(value)) and isinstance(kind, str):
        return policy_label(kind) if find_policy_kind(kind) is not None else kind
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _percent(share: float) -> str:
    """A share as a percentage with three significant digits: ``0.216%``."""
    return f"{100.0 * share:.3g}%"


def _seed_text(entropy: Sequence[int]) -> str:
    return "/".join(str(x) for x in entropy)
