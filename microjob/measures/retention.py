"""Retention and tenure: Kaplan-Meier retention of the simulated companies' spells
(internal movers and non-movers apart) and the cross-sectional tenure of the annual
survey dates (BLS)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from microjob.bls import (
    AGE_BANDS,
    elapsed_tenure,
    median_elapsed_tenure,
    share_at_most,
    survey_dates,
)
from microjob.measures.spells import retention_curve
from microjob.scenario import WEEKS_PER_YEAR
from microjob.survival import kaplan_meier

if TYPE_CHECKING:
    from microjob.records import RunResult


RETENTION_MEASURES = (
    "retention_1y",
    "retention_2y",
    "retention_5y",
    "median_spell_years",
    "retention_2y_internal_movers",
    "retention_2y_non_movers",
)
"""The :class:`RunSummary` fields that come from the survival estimators."""


def first_move_weeks(result: RunResult, table: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """When each spell of ``spell_table(result)`` saw its first internal move (weeks).

    One entry per spell, ``inf`` for spells without a recorded move (moves are
    recorded in the window, at the simulated companies). A worker has one
    employer at a time, so the spell a move belongs to is the worker's spell
    that contains it.
    """
    table = result.spell_table if table is None else table
    start, end = table["start"], table["end"]
    first = np.full(start.size, np.inf)
    index: dict[int, list[int]] = {}
    for i in np.flatnonzero(table["company"] < result.outside_index).tolist():
        index.setdefault(int(table["worker"][i]), []).append(i)
    for m in result.moves:
        for i in index.get(m.worker, ()):
            if start[i] <= m.time <= end[i]:
                first[i] = min(m.time, first[i])
                break
    return first


def _retention(
    result: RunResult,
    table: dict[str, np.ndarray],
    rows: np.ndarray | None = None,
    first: np.ndarray | None = None,
) -> dict[str, float]:
    """Kaplan-Meier retention measures over the simulated companies' spells.

    Spells are on the tenure scale, censored at the end of the run, with
    delayed entry for spells begun before the window. Internal movers are
    followed from their first move in the window; non-movers are the same
    spells censored at that move (so nobody is counted as a non-mover for time
    after moving), and their two-year retention is taken at the tenures at
    which the movers moved: the mean of S0(tau + 2) / S0(tau) over moves at
    tenure tau. Without moves it is S0(2) from hire.

    ``rows`` (a mask of ``table``) restricts them to some companies' spells
    (:func:`company_measures`); ``first`` is :func:`first_move_weeks` when known.
    """
    sim = table["company"] < result.outside_index if rows is None else rows
    out = dict.fromkeys(RETENTION_MEASURES, math.nan)
    if not sim.any():
        return out
    dur, event, entry = table["duration_years"], table["event"], table["entry_years"]
    km = retention_curve(result) if rows is None else kaplan_meier(dur[sim], event[sim], entry[sim])
    out["retention_1y"], out["retention_2y"], out["retention_5y"] = km.at([1.0, 2.0, 5.0]).tolist()
    median = km.median
    out["median_spell_years"] = math.nan if median is None else median

    start = table["start"]
    first = first_move_weeks(result, table) if first is None else first
    mover = np.flatnonzero(np.isfinite(first) & sim)
    moved_at = (first[mover] - start[mover]) / WEEKS_PER_YEAR
    dur0, event0 = dur.copy(), event.copy()
    dur0[mover], event0[mover] = moved_at, 0
    stay = kaplan_meier(dur0[sim], event0[sim], entry[sim])
    if mover.size == 0:
        out["retention_2y_non_movers"] = stay.at(2.0)
        return out
    after = kaplan_meier(dur[mover] - moved_at, event[mover])
    out["retention_2y_internal_movers"] = after.at(2.0)
    base = stay.at(moved_at)
    ok = base > 0
    if ok.any():
        out["retention_2y_non_movers"] = float(np.mean(stay.at(moved_at[ok] + 2.0) / base[ok]))
    return out


def _tenure(result: RunResult, table: dict[str, np.ndarray]) -> dict[str, float]:
    """Cross-sectional tenure (BLS): everyone employed on each annual survey date, pooled;
    and the change of the median from the window's first survey date to its last."""
    dates = survey_dates(result.window_start_weeks, result.window_end_weeks)
    tenure, surveyed = elapsed_tenure(table["start"], table["end"], table["censored"], dates)
    age_then = table["age_at_start"][surveyed] + tenure
    in_sim = table["company"][surveyed] < result.outside_index
    first, _ = elapsed_tenure(table["start"], table["end"], table["censored"], dates[-1:])
    last, _ = elapsed_tenure(table["start"], table["end"], table["censored"], dates[:1])
    prime = age_then >= 25.0
    out = {
        "median_tenure_years": median_elapsed_tenure(tenure[in_sim]),
        "median_tenure_years_all": median_elapsed_tenure(tenure),
        "median_tenure_drift_years": (
            median_elapsed_tenure(last) - median_elapsed_tenure(first)
            if len(dates) > 1
            else math.nan
        ),
        "share_tenure_le_1y": share_at_most(tenure, 1.0),
        "share_tenure_ge_10y_age_25_plus": (
            float(np.mean(tenure[prime] >= 10.0)) if prime.any() else math.nan
        ),
    }
    for lo, hi in AGE_BANDS:
        band = (age_then >= lo) & (age_then < hi)
        out[f"median_tenure_years_age_{lo}_{hi - 1}"] = median_elapsed_tenure(tenure[band])
    return out
