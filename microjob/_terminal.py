"""How the command line prints tables: the key measures, numbers with intervals,
and the tables of a run, a comparison and a decomposition.

Labels, units, scales and decimals come from the measures' metadata
(``RunSummary.info``), so the terminal says what the report says.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

from microjob.summary import RunSummary

KEY_MEASURES = (
    "retention_2y",
    "median_spell_years",
    "quit_rate_monthly",
    "separation_rate_monthly",
    "median_tenure_years",
    "internal_moves_per_employee_year",
    "gig_participation_share",
    "skill_gain_per_worker_year",
    "turnover_cost_per_employee_year",
    "gig_bonus_per_employee_year",
)
"""The RunSummary fields printed to the terminal; labels, units and formats come from
their metadata (``RunSummary.info``)."""


def number(value: float, decimals: int) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if round(value, decimals) == 0:
        value = 0.0
    return f"{value:,.{decimals}f}"


def interval(estimate: Any, scale: float, decimals: int) -> str:
    if estimate.n == 0:
        return "n/a"
    mean = number(scale * estimate.mean, decimals)
    if estimate.n < 2 or math.isnan(estimate.ci_low):
        return mean
    lo, hi = (number(scale * x, decimals) for x in (estimate.ci_low, estimate.ci_high))
    return f"{mean} [{lo}, {hi}]"


def printable(text: str) -> str:
    """``text`` with control characters (terminal escapes among them) shown as escapes,
    so that a name from a scenario file cannot move the cursor or recolour the terminal."""
    return "".join(
        repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text
    )


def print_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned (control
    characters in cells shown as escapes)."""
    header = [printable(c) for c in header]
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join((first, *rest))

    print(line(header))
    print("-" * len(line(header)))
    for r in rows:
        print(line(r))


def label(field: str) -> str:
    """A measure's row label: its name and its unit where space is tight."""
    info = RunSummary.info(field)
    return f"{info.label}, {info.short_unit}"


def scaled(field: str) -> tuple[float, int]:
    """A measure's display scale and decimals."""
    info = RunSummary.info(field)
    return info.scale, info.decimals


def print_summary(summary: RunSummary) -> None:
    rows = []
    for field in KEY_MEASURES:
        scale, decimals = scaled(field)
        rows.append([label(field), number(scale * getattr(summary, field), decimals)])
    print_rows(["measure", "value"], rows)
    print("\nall measures:")
    for name, value in summary.as_dict().items():
        print(f"  {name:36s} {number(value, 4) if abs(value) < 1e6 else f'{value:.4g}'}")


def print_comparison(comparison: Any) -> None:
    fields = list(KEY_MEASURES)
    table = comparison.table(fields)
    base = comparison.policies[0]
    diffs = comparison.differences(baseline=base, measures=fields)
    header = ["measure", *comparison.policies]
    header += [f"{p} - {base}" for p in comparison.policies[1:]]
    rows = []
    for field in KEY_MEASURES:
        scale, decimals = scaled(field)
        row = [label(field)]
        row += [interval(table.get(p, field), scale, decimals) for p in comparison.policies]
        row += [interval(diffs.get(p, field), scale, decimals) for p in comparison.policies[1:]]
        rows.append(row)
    print_rows(header, rows)


def print_decomposition(result: Any) -> None:
    """Each lever's Shapley value (share of the total) and its effect switched alone."""
    from microjob.experiment.decompose import HEADLINE_MEASURES

    for lever, members in result.levers.items():
        print(f"#   {lever}: {', '.join(members)}")
    table = result.table(list(HEADLINE_MEASURES))
    rows = []
    for field in HEADLINE_MEASURES:
        scale, decimals = scaled(field)
        unit = " pp" if RunSummary.info(field).percent else ""
        total = table.get("total:total", field)
        rows.append([label(field), "total", interval(total, scale, decimals) + unit, ""])
        # A share of a total that cannot be told from zero means nothing: not shown.
        clear = total.n >= 2 and (total.ci_low > 0 or total.ci_high < 0)
        for lever in result.levers:
            shap = table.get(f"{lever}:shapley", field)
            share = f"{shap.share:.0%}" if clear and shap.share == shap.share else "-"
            oat = table.get(f"{lever}:one-at-a-time", field)
            rows.append(
                [
                    "",
                    lever,
                    f"{interval(shap, scale, decimals)} ({share})",
                    interval(oat, scale, decimals),
                ]
            )
        interaction = table.get("interaction:one-at-a-time", field)
        rows.append(["", "interaction", "", interval(interaction, scale, decimals)])
    print_rows(["measure", "lever", "Shapley value (share of total)", "switched alone"], rows)


def print_barriers(result: Any) -> None:
    """Each barrier removed alone, ranked by its effect on participation, with its
    effect on retention and quits; then every barrier removed at once."""
    for barrier in result.removed:
        print(f"#   {barrier.name}: {barrier.strength(result.scenario, result.policy)}")
    measures = ["gig_participation_share", "retention_2y", "quit_rate_monthly"]
    table = result.table(measures)
    rows = []
    for rank, (name, _) in enumerate(result.ranking(), start=1):
        cells = [interval(table.get(f"{name}:one-at-a-time", m), *scaled(m)) for m in measures]
        rows.append([f"{rank}. {name}", *cells])
    rows.append(
        ["all removed", *[interval(table.get("total:total", m), *scaled(m)) for m in measures]]
    )
    header = [
        "barrier removed alone",
        *(label(m) + (" (pp)" if RunSummary.info(m).percent else "") for m in measures),
    ]
    print_rows(header, rows)
