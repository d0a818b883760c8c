"""The open talent platform: its measures (projects filled, time freelancing, income
and its volatility, clients, gaps between engagements, learning, spend) and the tables
of engagements, freelancing stretches and monthly income they come from."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from microjob.measures._base import _ratio
from microjob.scenario import WEEKS_PER_MONTH, WEEKS_PER_YEAR

if TYPE_CHECKING:
    from microjob.records import RunResult


PLATFORM_MEASURES = (
    "projects_filled_share",
    "freelance_time_share",
    "mostly_freelance_share",
    "freelance_income_per_year",
    "freelance_income_cv",
    "clients_per_freelancer_year",
    "weeks_between_engagements",
    "engagement_skill_gain_per_year",
    "platform_spend_per_employee_year",
)
"""The measures of the open talent platform (NaN when it is off)."""


def engagement_table(result: RunResult) -> dict[str, np.ndarray]:
    """The engagement records as columns (``start``, ``end``, ``effort``,
    ``fee_per_week``, ``skills_gained``, ``freelancing_since``, ``worker``, ``client``,
    ``good_rating``, ``completed``), plus ``side`` (begun with a job) and
    ``income_per_week``: what the member kept after the platform's take."""
    rows = result.engagements
    take = result.scenario.platform.take_rate_share
    floats = ("start", "end", "effort", "fee_per_week", "skills_gained", "freelancing_since")
    columns = (
        (floats, float),
        (("worker", "client"), np.int64),
        (("good_rating", "completed"), bool),
    )
    table: dict[str, np.ndarray] = {}
    for names, dtype in columns:
        for name in names:
            table[name] = np.array([getattr(e, name) for e in rows], dtype=dtype)
    table["side"] = np.isnan(table["freelancing_since"])
    table["income_per_week"] = table["fee_per_week"] * (1.0 - take)
    return table


def freelance_stretches(result: RunResult, table: dict[str, np.ndarray]) -> list[np.ndarray]:
    """The freelancing stretches in which engagements began in the window, as rows of
    (worker, start of the stretch, its end): the worker's next hire, their retirement
    or the end of the window, whichever came first. Each stretch's engagements are
    those with its worker and ``freelancing_since``."""
    began = ~table["side"] & (table["start"] >= result.window_start_weeks)
    if not began.any():
        return []
    pairs = np.unique(np.stack([table["worker"][began], table["freelancing_since"][began]]), axis=1)
    spells = result.spell_table
    order = np.lexsort((spells["start"], spells["worker"]))
    hired_worker, hired_at = spells["worker"][order], spells["start"][order]
    exits = result.stats.workers.exit_weeks
    rows = []
    for w, since in pairs.T:
        w = int(w)
        lo, hi = np.searchsorted(hired_worker, [w, w + 1])
        later = hired_at[lo:hi][hired_at[lo:hi] > since]
        until = min(later[0] if later.size else math.inf, exits[w], result.window_end_weeks)
        rows.append(np.array([w, since, until]))
    return rows


def monthly_income(
    table: dict[str, np.ndarray], start: float, end: float
) -> tuple[np.ndarray, np.ndarray]:
    """Platform income of each worker in each month from ``start`` to ``end`` (a last
    part-month included): the workers (sorted ids) and a workers x months array
    (currency of time 0)."""
    months = max(1, math.ceil((end - start) / WEEKS_PER_MONTH - 1e-9))
    edges = np.minimum(start + WEEKS_PER_MONTH * np.arange(months + 1), end)
    workers, row = np.unique(table["worker"], return_inverse=True)
    income = np.zeros((len(workers), months))
    lo, hi = table["start"][:, None], table["end"][:, None]
    weeks = np.maximum(0.0, np.minimum(hi, edges[1:]) - np.maximum(lo, edges[:-1]))
    np.add.at(income, row, weeks * table["income_per_week"][:, None])
    return workers, income


def _stretch_measures(result: RunResult, table: dict[str, np.ndarray]) -> tuple[float, float]:
    """Income volatility and weeks between engagements, over freelancing stretches.

    Volatility: the coefficient of variation of monthly income over the whole months of
    each stretch in the window (three or more; months without an engagement count as
    zero), averaged over stretches. Weeks between engagements: from the later of the
    stretch's start and the end of the engagements in hand to the start of the next
    engagement (0 if it began before they ended), where that wait began in the window.
    """
    window_start = result.window_start_weeks
    worker, since_of, start = table["worker"], table["freelancing_since"], table["start"]
    free = np.flatnonzero(~table["side"])
    free = free[np.lexsort((start[free], since_of[free], worker[free]))]  # by stretch, in order
    free_worker, free_since = worker[free], since_of[free]
    by_worker = np.argsort(worker, kind="stable")  # every engagement, side projects included
    sorted_worker = worker[by_worker]
    cvs, gaps = [], []
    for row in freelance_stretches(result, table):
        w, since, until = int(row[0]), float(row[1]), float(row[2])
        lo, hi = np.searchsorted(free_worker, [w, w + 1])
        a = lo + int(np.searchsorted(free_since[lo:hi], since, side="left"))
        b = lo + int(np.searchsorted(free_since[lo:hi], since, side="right"))
        mine = free[a:b]  # this stretch, by start
        rows = {k: table[k][mine] for k in ("worker", "start", "end", "income_per_week")}
        frm = max(since, window_start)
        months = int((until - frm) / WEEKS_PER_MONTH)
        if months >= 3:
            series = monthly_income(rows, frm, frm + months * WEEKS_PER_MONTH)[1][0]
            if series.mean() > 0.0:
                cvs.append(series.std() / series.mean())
        wl, wh = np.searchsorted(sorted_worker, [w, w + 1])
        theirs = by_worker[wl:wh]
        in_hand = theirs[start[theirs] <= since]  # side projects the stretch began with
        busy_until = max(since, float(table["end"][in_hand].max(initial=since)))
        for begun, ended in zip(rows["start"].tolist(), rows["end"].tolist(), strict=True):
            if busy_until >= window_start:
                gaps.append(max(0.0, begun - busy_until))
            busy_until = max(busy_until, ended)
    return (
        float(np.mean(cvs)) if cvs else math.nan,
        float(np.mean(gaps)) if gaps else math.nan,
    )


def _platform(result: RunResult) -> dict[str, float]:
    """How careers on the open talent platform go: projects filled, time freelancing,
    income (its level and volatility), clients, gaps between engagements, learning on
    projects and what the simulated companies spent on them."""
    out = dict.fromkeys(PLATFORM_MEASURES, math.nan)
    st = result.stats
    w = st.workers
    if w.platform_member is None or w.freelance_weeks is None or not st.projects_posted:
        return out  # the platform is off (or the engine has none)
    start, end = result.window_start_weeks, result.window_end_weeks
    out["projects_filled_share"] = _ratio(st.projects_filled, st.projects_posted)
    presence = np.maximum(0.0, np.minimum(w.exit_weeks, end) - np.maximum(w.entry_weeks, start))
    labour_weeks = float(presence.sum()) - st.inactive_years * WEEKS_PER_YEAR
    freelance_weeks = float(w.freelance_weeks.sum())
    out["freelance_time_share"] = _ratio(freelance_weeks, labour_weeks)
    whole = (w.entry_weeks <= start) & (w.exit_weeks >= end)
    if whole.any():
        mostly = w.freelance_weeks[whole] > 0.5 * (end - start)
        out["mostly_freelance_share"] = float(mostly.mean())
    table = engagement_table(result)
    weeks = np.maximum(0.0, np.minimum(table["end"], end) - np.maximum(table["start"], start))
    freelance = ~table["side"]
    freelance_years = freelance_weeks / WEEKS_PER_YEAR
    out["freelance_income_per_year"] = _ratio(
        float((weeks * table["income_per_week"])[freelance].sum()), freelance_years
    )
    cv, gaps = _stretch_measures(result, table)
    out["freelance_income_cv"] = cv
    out["weeks_between_engagements"] = gaps
    began = freelance & (table["start"] >= start)
    outside = table["client"] == result.outside_index
    pairs = np.unique(np.stack([table["worker"], table["client"]])[:, began & ~outside], axis=1)
    clients = pairs.shape[1] + int((began & outside).sum())
    out["clients_per_freelancer_year"] = _ratio(clients, freelance_years)
    done = table["completed"]
    effort_years = float((table["effort"] * (table["end"] - table["start"]))[done].sum())
    out["engagement_skill_gain_per_year"] = _ratio(
        float(table["skills_gained"][done].sum()), effort_years / WEEKS_PER_YEAR
    )
    simulated = table["client"] < result.outside_index
    spend = float((weeks * table["fee_per_week"])[simulated].sum())
    out["platform_spend_per_employee_year"] = _ratio(spend, st.employee_years)
    return out
