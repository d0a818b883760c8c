"""The bounds the strategies keep to, the checks of their arguments, and the small
strategies the others share: names, shares in [0, 1], seeds."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

MAX_GIG_EFFORT: float = 0.5
"""Largest share of a week a micro-job takes in any :class:`~microjob.GigDesign` drawn
here (``effort_max_share``); the presets' 0.2 is below it. Policies drawn without a
``gig_design`` that post micro-jobs have ``time_share`` at least this."""

MAX_GIGS_PER_EMPLOYEE_YEAR: float = 10.0
"""Default upper bound for ``gigs_per_employee_year``. The lever allows up to 52, but
postings grow faster than linearly with it, and at 52 a run of the largest scenario
drawn here takes about a second; pass ``max_gigs_per_employee_year=52`` to draw the
whole range."""

MAX_MIN_TENURE_WEEKS: float = 104.0
"""Upper bound for ``min_tenure_weeks`` (two years; the lever has no upper bound, but a
probation longer than every career in a scenario makes the policy invalid there)."""

_MIN_OUTSIDE_WORKERS = 10
_MAX_ROLES = 4

_NAME_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")

_names = st.text(_NAME_CHARACTERS, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
"""Any non-blank text without NUL (NUL is dropped by numpy's string arrays)."""

_unit = st.floats(0.0, 1.0)


def _check_number(name: str, value: Any, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidArgument(
            f"{name}: must be a number between {low:g} and {high:g}, got {value!r}"
        )


def _check_count(name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidArgument(f"{name}: must be a whole number >= {low}, got {value!r}")


# ---------------------------------------------------------------------- seeds


def seeds(*, max_value: int = 2**32 - 1) -> st.SearchStrategy[int]:
    """Valid ``seed`` values for :func:`microjob.simulate`: whole numbers from 0 to
    ``max_value`` (default ``2**32 - 1``)."""
    _check_count("max_value", max_value, 0)
    return st.integers(min_value=0, max_value=max_value)
