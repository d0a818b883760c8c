"""The arguments of the figures: runs and estimates turned into labelled series, checked.

A figure takes a mapping from label to estimate or run, or a sequence of runs
labelled by the policy of their simulated companies; these helpers turn either
into (label, estimate) pairs and say plainly what is wrong with anything else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from microjob.plot.labels import _policy_label
from microjob.records import RunResult
from microjob.survival import CompetingRisks, HazardTable, SurvivalCurve

_Estimate = TypeVar("_Estimate", SurvivalCurve, HazardTable, CompetingRisks)


def _run_series(run: RunResult) -> list[tuple[str, str | None]]:
    """(label, policy filter) of each policy kind among a run's simulated companies."""
    kinds = list(dict.fromkeys(c.policy.kind for c in run.scenario.companies))
    if len(kinds) == 1:
        return [(_policy_label(kinds[0]), None)]
    return [(_policy_label(k), k) for k in kinds]


def _runs(data: Any, argument: str) -> list[tuple[str, RunResult, str | None]]:
    """Runs as (label, run, policy filter): from a mapping label -> run, or a sequence of runs."""
    if isinstance(data, RunResult):
        data = [data]
    out: list[tuple[str, RunResult, str | None]] = []
    if isinstance(data, Mapping):
        for label, run in data.items():
            if not isinstance(label, str):
                raise TypeError(f"{argument}: labels must be strings, got {label!r}")
            if not isinstance(run, RunResult):
                raise TypeError(
                    f"{argument}[{label!r}]: must be a RunResult, got {type(run).__name__}"
                )
            out.append((label, run, None))
    elif isinstance(data, Sequence) and not isinstance(data, str):
        for i, run in enumerate(data):
            if not isinstance(run, RunResult):
                raise TypeError(f"{argument}[{i}]: must be a RunResult, got {type(run).__name__}")
            out.extend((label, run, kind) for label, kind in _run_series(run))
        labels = [label for label, _, _ in out]
        for label in labels:
            if labels.count(label) > 1:
                raise ValueError(
                    f"{argument}: two runs would both be labelled {label!r}; "
                    "pass a mapping from label to run to name them"
                )
    else:
        raise TypeError(
            f"{argument}: must be a mapping from label to RunResult or a sequence of "
            f"RunResults, got {type(data).__name__}"
        )
    if not out:
        raise ValueError(f"{argument}: is empty; pass at least one run")
    return out


def _series(
    data: Any,
    argument: str,
    estimate: type[_Estimate],
    of_run: Callable[[RunResult, str | None], _Estimate],
) -> list[tuple[str, _Estimate]]:
    """Labelled estimates from a mapping label -> estimate or run, or from runs."""
    what = f"a mapping from label to {estimate.__name__} or RunResult, or a sequence of RunResults"
    if isinstance(data, estimate):
        raise TypeError(
            f"{argument}: must be {what}, got a single {estimate.__name__}; "
            f"pass {{'label': {argument}}} to name it in the legend"
        )
    if isinstance(data, Mapping):
        if not data:
            raise ValueError(f"{argument}: is empty; pass at least one {estimate.__name__}")
        out = []
        for label, value in data.items():
            if not isinstance(label, str):
                raise TypeError(f"{argument}: labels must be strings, got {label!r}")
            if isinstance(value, estimate):
                out.append((label, value))
            elif isinstance(value, RunResult):
                out.append((label, of_run(value, None)))
            else:
                raise TypeError(
                    f"{argument}[{label!r}]: must be a {estimate.__name__} or a RunResult, "
                    f"got {type(value).__name__}"
                )
        return out
    if isinstance(data, RunResult) or (
        isinstance(data, Sequence) and not isinstance(data, str | bytes)
    ):
        return [(label, of_run(run, kind)) for label, run, kind in _runs(data, argument)]
    raise TypeError(f"{argument}: must be {what}, got {type(data).__name__}")


def _check_t_max(t_max_years: float | None) -> None:
    if t_max_years is not None and not (
        isinstance(t_max_years, int | float)
        and not isinstance(t_max_years, bool)
        and t_max_years > 0
        and math.isfinite(t_max_years)
    ):
        raise ValueError(f"t_max_years: must be a finite number > 0, got {t_max_years!r}")
