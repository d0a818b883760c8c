"""Replications until the answer is precise enough: a stopping rule for ``compare``.

A comparison with ``precision={"retention_2y": 0.005}`` starts with the
replications asked for and adds more, in rounds, until the 95% interval of every
paired difference from the first arm (of each named measure) has a half-width at
or below its target, or ``max_replications`` is reached. Each round asks for the
number of replications the current spread says is needed (half-widths shrink
like t/√n), so few rounds are run. Replication seeds do not depend on how many
replications there are, so replications added later are the same runs a larger
first request would have made, and a stopped comparison can be continued.

Stopping on the estimate itself is a mild form of optional stopping: the
interval of the final round is reported as is, and a target met at a small
number of replications deserves a second look (the rule never stops below
``replications``, so ask for a sensible minimum: 4 or more).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from microjob.experiment.tables import _measures
from microjob.records import RunSummary

__all__ = ["PrecisionResult"]


@attrs.frozen
class PrecisionResult:
    """How a comparison with a precision target stopped."""

    targets: Mapping[str, float]
    """Measure → largest interval half-width wanted (in the measure's stored unit:
    0.005 is half a percentage point of a share)."""
    half_widths: Mapping[str, float]
    """Measure → the widest half-width reached (over the arms compared)."""
    replications: int
    """Replications run in the end."""
    rounds: int
    """Rounds of replications run (1: the first request was enough)."""
    reached: bool
    """Whether every target was met (False: ``max_replications`` was hit first)."""

    def __str__(self) -> str:
        parts = [
            f"{m} ±{_shown(m, self.half_widths[m])} (target ±{_shown(m, t)})"
            for m, t in self.targets.items()
        ]
        state = "reached" if self.reached else "NOT reached (cap hit)"
        return (
            f"precision {state} with {self.replications} replications in {self.rounds} "
            f"round(s): {'; '.join(parts)}"
        )


def _shown(measure: str, half_width: float) -> str:
    """A half-width in the unit the measure is shown in (percentage points for shares)."""
    info = RunSummary.info(measure)
    if info.percent:
        return f"{info.scale * half_width:.{info.decimals + 1}f} pp"
    unit = f" {info.short_unit}" if info.short_unit else ""
    return f"{info.scale * half_width:.{info.decimals + 1}f}{unit}"


def _check_targets(precision: Mapping[str, float], max_replications: int, first: int) -> None:
    if not isinstance(precision, Mapping) or not precision:
        raise ValueError(
            f"precision: must map measures to half-widths, e.g. {{'retention_2y': 0.005}}, "
            f"got {precision!r}"
        )
    _measures(list(precision))
    for measure, target in precision.items():
        if isinstance(target, bool) or not isinstance(target, int | float) or not target > 0:
            raise ValueError(f"precision[{measure!r}]: must be a number > 0, got {target!r}")
        if not math.isfinite(target):
            raise ValueError(f"precision[{measure!r}]: must be finite, got {target!r}")
    if isinstance(max_replications, bool) or not isinstance(max_replications, int):
        raise ValueError(f"max_replications: must be an integer, got {max_replications!r}")
    if max_replications < max(first, 2):
        raise ValueError(
            f"max_replications: must be at least replications ({first}) and 2, "
            f"got {max_replications!r}"
        )


def _next_replications(n: int, half: float, target: float, cap: int) -> int:
    """Replications the half-width ``half`` at ``n`` says are needed for ``target``."""
    if not math.isfinite(half):
        return min(cap, max(n + 2, 2 * n))
    wanted = math.ceil(n * (half / target) ** 2 * 1.1)  # 10% margin for the t quantile
    return min(cap, max(n + 1, wanted))
