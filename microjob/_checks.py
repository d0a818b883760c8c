"""Validators shared by the configuration classes.

Every message names the field and the offending value, so that an error raised
deep inside a scenario file still tells the user what to change.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

MAX_MAGNITUDE = 1e9
"""Largest value a ``positive`` or ``non_negative`` parameter may take: far above any
meaningful wage, rate or duration, and far below where a run's arithmetic overflows."""
MAX_SEATS = 1_000_000
"""Most seats of one role, and most outside workers (see also ``MAX_WORKERS``)."""
MAX_WORKERS = 2_000_000
"""Most people a scenario's starting labour force may hold (seats, outside workers and
the unemployed): a run allocates a few kilobytes per person who ever enters it."""
MAX_CHOICES = 1_000
"""Most candidates, roles or members a single draw may consider."""


def _number(attribute: attrs.Attribute[Any], value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{attribute.name}: must be a number, got {value!r}")
    if math.isnan(value):
        raise ValueError(f"{attribute.name}: must be a number, got NaN")
    return float(value)


def between(low: float, high: float) -> Validator:
    """Value must lie in the closed interval [low, high]."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        x = _number(attribute, value)
        if not low <= x <= high:
            raise ValueError(
                f"{attribute.name}: must be between {low:g} and {high:g}, got {value!r}"
            )

    return check


def unit_interval(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a share in [0, 1]."""
    between(0.0, 1.0)(instance, attribute, value)


def non_negative(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a finite number >= 0 (and at most ``MAX_MAGNITUDE``)."""
    x = _number(attribute, value)
    if not 0 <= x <= MAX_MAGNITUDE:
        raise ValueError(
            f"{attribute.name}: must be a number >= 0 and <= {MAX_MAGNITUDE:g}, got {value!r}"
        )


def positive(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a finite number > 0 (and at most ``MAX_MAGNITUDE``)."""
    x = _number(attribute, value)
    if not 0 < x <= MAX_MAGNITUDE:
        raise ValueError(
            f"{attribute.name}: must be a number > 0 and <= {MAX_MAGNITUDE:g}, got {value!r}"
        )


def count(minimum: int = 0, maximum: int | None = None) -> Validator:
    """Value must be an int >= minimum (and <= maximum, if given)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{attribute.name}: must be a whole number, got {value!r}")
        if value < minimum:
            raise ValueError(f"{attribute.name}: must be >= {minimum}, got {value!r}")
        if maximum is not None and value > maximum:
            raise ValueError(f"{attribute.name}: must be <= {maximum:,}, got {value!r}")

    return check


def non_empty_str(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a non-empty string."""
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name}: must be a string, got {value!r}")
    if not value.strip():
        raise ValueError(f"{attribute.name}: must not be empty, got {value!r}")


def outside_market(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a company that is the outside market (``outside_market`` true)."""
    flag = getattr(value, "outside_market", None)
    if not isinstance(flag, bool):
        raise TypeError(f"{attribute.name}: must be a Company, got {value!r}")
    if not flag:
        raise ValueError(
            f"{attribute.name}.outside_market: must be true for the outside market, got false"
        )


def floats_in_unit(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Value must be a sequence of numbers in [0, 1]."""
    for i, x in enumerate(value):
        if isinstance(x, bool) or not isinstance(x, int | float) or not 0.0 <= x <= 1.0:
            raise ValueError(f"{attribute.name}[{i}]: must be between 0 and 1, got {x!r}")


def to_float_tuple(value: Any) -> tuple[float, ...]:
    """Converter: any iterable of numbers to a tuple of Python floats."""
    if isinstance(value, str | bytes):
        raise TypeError(f"expected a sequence of numbers, got {value!r}")
    return tuple(float(x) for x in value)


def ordered(low_field: str, high_field: str) -> Callable[[Any], None]:
    """Cross-field check used in ``__attrs_post_init__``: low <= high."""

    def check(instance: Any) -> None:
        low, high = getattr(instance, low_field), getattr(instance, high_field)
        if low > high:
            raise ValueError(f"{low_field}: must be <= {high_field} ({high!r}), got {low!r}")

    return check


def to_tuple(value: Any) -> tuple[Any, ...]:
    """Converter: any iterable to a tuple."""
    return tuple(value)


def to_dict(value: Any) -> dict[str, Any]:
    """Converter: any mapping to a plain dict."""
    return dict(value)
