"""Scenario parameters by dotted path: reading one and setting several (:func:`apply_parameters`).

The paths are those of :func:`microjob.sweep`; the calibration search and the
sensitivity screen move parameters through them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from microjob.experiment import _parse_path, _set
from microjob.scenario import Scenario


def _get(obj: Any, steps: Sequence[tuple[str, str | None]], path: str) -> Any:
    """The value at ``steps`` (the first element where a path says ``[*]``)."""
    name, index = steps[0]
    if not attrs.has(type(obj)) or name not in attrs.fields_dict(type(obj)):
        raise ValueError(f"parameters {path!r}: unknown parameter {name!r}")
    value = getattr(obj, name)
    if index is not None:
        if not isinstance(value, tuple) or not value:
            raise ValueError(f"parameters {path!r}: {name} is not a list and cannot be indexed")
        value = value[0 if index == "*" else int(index)]
    return _get(value, steps[1:], path) if len(steps) > 1 else value


def apply_parameters(scenario: Scenario, values: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with each dotted path set to its value (validators run).

    Paths are those of :func:`microjob.sweep`: ``"market.offer_rate_per_year"``,
    ``"companies[0].hiring_delay_weeks"``, ``"companies[*].hiring_delay_weeks"``
    (every company). An unknown path or an invalid value raises an error
    naming the path.
    """
    out = scenario
    for path, value in values.items():
        if path == "policy":
            raise ValueError("parameters: 'policy' is not a numeric parameter")
        try:
            out = _set(out, _parse_path(path), value, path)
        except (ValueError, TypeError) as exc:  # the sweep's messages say "grid"
            text = str(exc)
            if text.startswith("grid"):
                raise type(exc)("parameters" + text[len("grid") :]) from None
            raise
    return out
