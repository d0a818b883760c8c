"""Figures of microjob.plot, and the page docs/retention.md that shows them.

The figures are checked through what matplotlib holds after drawing: the
vertices of each step line and band, the bar heights and whiskers, labels,
titles and legends. Every figure is drawn on the non-interactive Agg backend.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob import measures, plot

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "retention.md"
TRAD, FLEX = plot.POLICY_LABELS["traditional"], plot.POLICY_LABELS["internal-freelance"]


@pytest.fixture(scope="module")
def runs() -> dict[str, mj.RunResult]:
    """The small preset, seed 1, under each policy (labelled as plot labels them)."""
    scenario = mj.scenarios.small()
    return {
        TRAD: mj.simulate(scenario, seed=1, policy=mj.TraditionalEmployment()),
        FLEX: mj.simulate(scenario, seed=1, policy=mj.InternalFreelance()),
    }


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _legend(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _step_value(times: np.ndarray, values: np.ndarray, x: float, start: float) -> list[float]:
    """The step function's values just left of and at ``x`` (both sides of a jump)."""
    at = np.searchsorted(times, x, side="right") - 1
    before = np.searchsorted(times, x, side="left") - 1
    return [start if i < 0 else float(values[i]) for i in (before, at)]


# --------------------------------------------------------------------------
# matplotlib is optional


def test_importing_the_package_does_not_import_matplotlib() -> None:
    code = "import sys, microjob, microjob.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
    assert "plot" in mj.__all__


@pytest.mark.parametrize(
    "draw",
    [
        lambda r: plot.retention(r),
        lambda r: plot.tenure_hazard(r),
        lambda r: plot.exit_incidence(r[TRAD]),
        lambda r: plot.retention_figure(r),
    ],
    ids=["retention", "tenure_hazard", "exit_incidence", "retention_figure"],
)
def test_without_matplotlib_the_error_says_how_to_install_it(
    runs: dict[str, mj.RunResult],
    monkeypatch: pytest.MonkeyPatch,
    draw: Callable[[dict[str, mj.RunResult]], Any],
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=re.escape("pip install 'microjob[plot]'")):
        draw(runs)


# --------------------------------------------------------------------------
# Retention curves


def test_retention_draws_one_curve_and_one_band_per_policy(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.retention(list(runs.values()))
    assert len(ax.get_lines()) == 2
    assert len(ax.collections) == 2
    assert _legend(ax) == [TRAD, FLEX]
    assert ax.get_xlabel() == "Tenure (years)"
    assert ax.get_ylabel() == "Share still employed"
    assert ax.get_title() == "Retention by tenure"
    low, high = ax.get_ylim()
    assert low == 0.0 and 1.0 <= high <= 1.05


def test_retention_steps_are_the_kaplan_meier_curves(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.retention(runs)
    for line, run in zip(ax.get_lines(), runs.values(), strict=True):
        curve = measures.retention_curve(run)
        assert line.get_drawstyle() == "steps-post"
        np.testing.assert_array_equal(line.get_xdata(), np.concatenate(([0.0], curve.times)))
        np.testing.assert_array_equal(line.get_ydata(), np.concatenate(([1.0], curve.survival)))
    assert ax.get_xlim() == (0.0, max(measures.retention_curve(r).times[-1] for r in runs.values()))


def test_retention_bands_lie_between_the_confidence_limits(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.retention(runs)
    for band, run in zip(ax.collections, runs.values(), strict=True):
        curve = measures.retention_curve(run)
        vertices = np.concatenate([p.vertices for p in band.get_paths()])
        assert vertices[:, 0].min() == 0.0
        assert vertices[:, 0].max() == curve.times[-1]
        for x, y in vertices:
            lows = _step_value(curve.times, curve.ci_low, x, 1.0)
            highs = _step_value(curve.times, curve.ci_high, x, 1.0)
            assert min(lows) - 1e-12 <= y <= max(highs) + 1e-12, (x, y)
        # The band is a band: somewhere it reaches well below and above the curve.
        assert vertices[:, 1].min() < curve.survival.min() + 0.05
        assert np.ptp(vertices[:, 1]) > 0.5


def test_retention_cut_at_t_max_holds_the_last_level(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.retention(runs, t_max_years=3.0, ci=False)
    assert ax.collections == [] or len(ax.collections) == 0
    assert ax.get_xlim() == (0.0, 3.0)
    for line, run in zip(ax.get_lines(), runs.values(), strict=True):
        curve = measures.retention_curve(run)
        x, y = line.get_xdata(), line.get_ydata()
        assert x[-1] == 3.0 and np.all(x[:-1] < 3.0)
        assert y[-1] == curve.at(np.nextafter(3.0, 0.0))
        np.testing.assert_array_equal(y[1:-1], curve.survival[curve.times < 3.0])


def test_curves_stop_at_the_last_observed_tenure(runs: dict[str, mj.RunResult]) -> None:
    curve = measures.retention_curve(runs[TRAD])
    beyond = float(curve.times[-1]) + 5.0
    ax = plot.retention({"a": curve}, t_max_years=beyond)
    assert ax.get_xlim() == (0.0, beyond)
    assert ax.get_lines()[0].get_xdata()[-1] == curve.times[-1]
    cr = measures.exit_incidence(runs[TRAD])
    line = plot.exit_incidence(cr, t_max_years=beyond).get_lines()[0]
    assert line.get_xdata()[-1] == cr.times[-1]


def test_retention_median_lines_stand_at_the_medians(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.retention(runs, median=True)
    medians = [measures.retention_curve(run).median for run in runs.values()]
    marks = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    verticals = sorted(float(m.get_xdata()[0]) for m in marks if len(set(m.get_xdata())) == 1)
    assert verticals == sorted(m for m in medians if m is not None)
    assert _legend(ax) == [TRAD, FLEX]


def test_curves_and_runs_in_a_mapping_draw_the_same(runs: dict[str, mj.RunResult]) -> None:
    run = runs[FLEX]
    from_run = plot.retention({"a": run}).get_lines()[0]
    from_curve = plot.retention({"a": measures.retention_curve(run)}).get_lines()[0]
    np.testing.assert_array_equal(from_run.get_xydata(), from_curve.get_xydata())


def test_policies_keep_their_colours_in_every_panel(runs: dict[str, mj.RunResult]) -> None:
    swapped = {FLEX: runs[FLEX], TRAD: runs[TRAD]}
    ax = plot.retention(swapped)
    bars = plot.tenure_hazard(runs).containers
    hex_ = matplotlib.colors.to_hex
    colour = {line.get_label(): hex_(line.get_color()) for line in ax.get_lines()}
    bar_colour = {
        c.get_label(): hex_(c.patches[0].get_facecolor())
        for c in bars
        if isinstance(c, BarContainer)
    }
    assert colour == bar_colour
    assert colour[TRAD] != colour[FLEX]
    other = plot.retention({"x": measures.retention_curve(runs[TRAD])}).get_lines()[0]
    assert hex_(other.get_color()) == colour[TRAD]  # an unknown label takes the first free colour


def test_given_axes_are_drawn_on_and_returned(runs: dict[str, mj.RunResult]) -> None:
    _, ax = plt.subplots()
    figures = plt.get_fignums()
    assert plot.retention(runs, ax=ax) is ax
    assert plot.tenure_hazard(runs, ax=ax) is ax
    assert plot.exit_incidence(runs[TRAD], ax=ax) is ax
    assert plt.get_fignums() == figures


def test_a_mixed_run_gives_one_curve_per_policy() -> None:
    small = mj.scenarios.small()
    first, second = small.companies
    mixed = attrs.evolve(
        small, companies=(first, attrs.evolve(second, policy=mj.InternalFreelance()))
    )
    run = mj.simulate(mixed, seed=1)
    ax = plot.retention([run])
    assert _legend(ax) == [TRAD, FLEX]
    for line, kind in zip(ax.get_lines(), ("traditional", "internal-freelance"), strict=True):
        curve = measures.retention_curve(run, policy=kind)
        np.testing.assert_array_equal(line.get_ydata()[1:], curve.survival)
    assert plot.exit_incidence(run, policy="internal_freelance").get_title().endswith(FLEX)
    assert plot.exit_incidence(run).get_title() == "Exits by cause"


# --------------------------------------------------------------------------
# Hazard by tenure band


def _bars(ax: Any) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def test_hazard_bars_and_whiskers_are_the_rates_and_limits(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.tenure_hazard(runs)
    bars = _bars(ax)
    assert [b.get_label() for b in bars] == [TRAD, FLEX]
    assert _legend(ax) == [TRAD, FLEX]
    assert ax.get_xlabel() == "Tenure band (years)"
    assert ax.get_ylabel() == "Separations per employee-year"
    assert ax.get_title() == "Separation hazard by tenure"
    whiskers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(whiskers) == 2
    for bar, whisker, run in zip(bars, whiskers, runs.values(), strict=True):
        table = measures.tenure_hazard(run)
        shown = table.exposure > 0
        heights = np.array([p.get_height() for p in bar.patches])
        np.testing.assert_allclose(heights, table.rate[shown])
        segments = whisker.lines[2][0].get_segments()
        np.testing.assert_allclose([s[0][1] for s in segments], table.ci_low[shown])
        np.testing.assert_allclose([s[1][1] for s in segments], table.ci_high[shown])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:3] == ["0–0.25", "0.25–0.5", "0.5–1"]


def test_hazard_of_quits_names_them_and_cuts_at_t_max(runs: dict[str, mj.RunResult]) -> None:
    ax = plot.tenure_hazard(list(runs.values()), reason="quit", t_max_years=5.0)
    assert ax.get_ylabel() == "Quits per employee-year"
    assert ax.get_title() == "Quit hazard by tenure"
    table = measures.tenure_hazard(runs[TRAD], reason="quit")
    heights = [p.get_height() for p in _bars(ax)[0].patches]
    np.testing.assert_allclose(heights, table.rate[table.lower < 5.0])
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "3–5"


def test_hazard_tables_must_share_their_bands(runs: dict[str, mj.RunResult]) -> None:
    a = measures.tenure_hazard(runs[TRAD])
    b = measures.tenure_hazard(runs[FLEX], edges=(0, 1, 2, 5))
    with pytest.raises(ValueError, match=r"tables\['b'\].*same edges"):
        plot.tenure_hazard({"a": a, "b": b})
    with pytest.raises(ValueError, match="reason, edges: apply to runs only"):
        plot.tenure_hazard({"a": a}, reason="quit")
    with pytest.raises(ValueError, match="reason: must be quit, withdraw, layoff, retire"):
        plot.tenure_hazard(runs, reason="promotion")


# --------------------------------------------------------------------------
# Exits by cause


def test_exit_incidence_draws_one_step_line_per_cause(runs: dict[str, mj.RunResult]) -> None:
    run = runs[FLEX]
    cr = measures.exit_incidence(run)
    ax = plot.exit_incidence(run)
    assert _legend(ax) == ["Quit (job hop)", "Quit to non-employment", "Layoff", "Retirement"]
    assert ax.get_title() == f"Exits by cause: {FLEX}"
    assert ax.get_xlabel() == "Tenure (years)"
    assert ax.get_ylabel() == "Cumulative probability"
    lines = ax.get_lines()
    assert len(lines) == len(cr.causes) == 4
    for line, cause in zip(lines, ("quit", "withdraw", "layoff", "retire"), strict=True):
        column = cr.incidence[:, cr.causes.index(cause)]
        assert line.get_drawstyle() == "steps-post"
        np.testing.assert_array_equal(line.get_ydata(), np.concatenate(([0.0], column)))
        np.testing.assert_array_equal(line.get_xdata(), np.concatenate(([0.0], cr.times)))
    assert ax.get_ylim()[1] > cr.incidence.max()


def test_stacked_exits_add_up_to_one_minus_retention(runs: dict[str, mj.RunResult]) -> None:
    cr = measures.exit_incidence(runs[TRAD])
    ax = plot.exit_incidence(cr, stacked=True, title="Where they went")
    assert ax.get_title() == "Where they went"
    assert len(ax.collections) == len(cr.causes) == 4 and not ax.get_lines()
    top_first = ["Retirement", "Layoff", "Quit to non-employment", "Quit (job hop)"]
    assert _legend(ax) == top_first
    top = np.concatenate([p.vertices for p in ax.collections[-1].get_paths()])
    below_top = np.delete(cr.incidence, cr.causes.index("retire"), axis=1)  # the lower layers
    for x, y in top[top[:, 1] > 0]:
        exits = [1.0 - s for s in _step_value(cr.times, cr.survival, x, 1.0)]
        assert any(
            abs(y - e) < 1e-9 or abs(y - b) < 1e-9
            for e in exits
            for b in _step_value(cr.times, below_top.sum(axis=1), x, 0.0)
        )
    np.testing.assert_allclose(top[:, 1].max(), 1.0 - cr.survival.min())


# --------------------------------------------------------------------------
# The combined figure


def test_retention_figure_has_every_panel(runs: dict[str, mj.RunResult]) -> None:
    fig = plot.retention_figure(list(runs.values()), t_max_years=10.0, title="small, seed 1")
    curves, hazard, *exits = fig.axes
    assert len(exits) == 2
    assert fig.get_suptitle() == "small, seed 1"
    assert _legend(curves) == _legend(hazard) == [TRAD, FLEX]
    assert [ax.get_title() for ax in exits] == [
        f"Exits by cause: {TRAD}",
        f"Exits by cause: {FLEX}",
    ]
    assert exits[0].get_shared_y_axes().joined(exits[0], exits[1])
    assert curves.get_xlim() == (0.0, 10.0)


# --------------------------------------------------------------------------
# The figures of the report (drawn here, arranged by microjob.report)


class _Est:
    """A mean with its interval, as the report hands them over."""

    def __init__(self, mean: float, low: float = float("nan"), high: float = float("nan")):
        self.mean, self.low, self.high = mean, low, high


def test_report_figures_are_made_without_pyplot(runs: dict[str, mj.RunResult]) -> None:
    before = plt.get_fignums()
    series = [(name, run, None) for name, run in runs.items()]
    figures = [
        plot._retention_means_figure(runs, {TRAD: {2.0: _Est(0.3, 0.25, 0.35)}}, "mean"),
        plot._retention_median_figure(runs),
        plot._hazard_figure(runs),
        plot._exits_figure(series),
        plot._skill_breadth_figure(series),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figures)
    assert plt.get_fignums() == before, "no figure is left open in pyplot"


def test_report_exits_have_one_panel_per_series_on_one_axis(runs: dict[str, mj.RunResult]) -> None:
    fig = plot._exits_figure([(name, run, None) for name, run in runs.items()])
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == [TRAD, FLEX]
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    assert axes[1].get_ylabel() == ""
    assert all(ax.get_xlim() == (0.0, plot._REPORT_T_MAX_YEARS) for ax in axes)


def test_report_retention_marks_the_means_with_their_intervals(
    runs: dict[str, mj.RunResult],
) -> None:
    means = {TRAD: {1.0: _Est(0.46, 0.39, 0.53)}, FLEX: {1.0: _Est(0.45, 0.36, 0.54)}}
    fig = plot._retention_means_figure(runs, means, "Mean of 3 replications, 95% CI")
    (ax,) = fig.axes
    assert _legend(ax) == [TRAD, FLEX, "Mean of 3 replications, 95% CI"]
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == 2
    for bar, est in zip(bars, (means[TRAD][1.0], means[FLEX][1.0]), strict=True):
        (x,), (y,) = bar.lines[0].get_data()
        assert y == est.mean and abs(x - 1.0) < 0.1
        segment = bar.lines[2][0].get_segments()[0]
        np.testing.assert_allclose(sorted(segment[:, 1]), [est.low, est.high])


def test_report_differences_fill_only_clear_points() -> None:
    rows = ["2-year retention", "Layoffs"]
    series = {
        FLEX: [
            plot._DifferencePoint(10.0, 5.0, 15.0, True, "+2.0 pp"),
            plot._DifferencePoint(0.0, 0.0, 0.0, False, "0.00 pp"),
        ]
    }
    fig = plot._differences_figure(rows, series, "traditional employment")
    ax, text_ax = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == rows
    assert ax.get_xlabel() == "Difference from traditional employment, % of its mean"
    markers = [c.lines[0] for c in ax.containers if isinstance(c, ErrorbarContainer)]
    faces = [m.get_markerfacecolor() for m in markers]
    assert faces[0] != "white" and faces[1] == "white"
    assert [t.get_text() for t in text_ax.texts] == ["+2.0 pp", "0.00 pp"]


def test_report_replications_show_each_value_and_the_mean() -> None:
    values = {TRAD: [np.array([1.0, 2.0, 3.0])], FLEX: [np.array([2.0, 4.0])]}
    means = {TRAD: [_Est(2.0, 1.0, 3.0)], FLEX: [_Est(3.0)]}
    fig = plot._replications_figure([("Skill gain", "Per worker-year")], values, means)
    (ax,) = fig.axes
    assert ax.get_title() == "Skill gain" and ax.get_ylabel() == "Per worker-year"
    scatter = matplotlib.collections.PathCollection
    dots = [c.get_offsets()[:, 1].tolist() for c in ax.collections if isinstance(c, scatter)]
    assert sorted(dots[0]) == [1.0, 2.0, 3.0] and sorted(dots[1]) == [2.0, 4.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Traditional\nemployment",
        "Internal\nfreelance",
    ]


def test_report_sweep_draws_one_panel_per_measure() -> None:
    xs = [0.5, 1.0, 1.5]
    panels = [
        ("2-year retention", "%", [_Est(30.0, 25.0, 35.0), _Est(32.0), _Est(34.0, 30.0, 38.0)]),
        ("Layoffs", "% a month", [_Est(1.2), _Est(1.3), _Est(1.4)]),
    ]
    fig = plot._sweep_figure(xs, ["0.5", "1", "1.5"], {"": [0, 1, 2]}, panels, "x")
    titles = [ax.get_title() for ax in fig.axes if ax.axison]
    assert titles == ["2-year retention", "Layoffs"]
    line = fig.axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), xs)
    np.testing.assert_allclose(line.get_ydata(), [30.0, 32.0, 34.0])


def test_report_sweep_gives_policies_their_colours() -> None:
    names = [f"policy = {TRAD}", f"policy = {FLEX}"]
    assert plot._series_colours(names) == plot._colours([TRAD, FLEX])
    assert plot._series_colours(["policy = traditional"]) == plot._colours([TRAD])


def test_report_skill_breadth_needs_employees(runs: dict[str, mj.RunResult]) -> None:
    run = runs[TRAD]
    assert plot._skill_breadth_figure([(TRAD, run, "a kind no company has")]) is None
    fig = plot._skill_breadth_figure([(TRAD, run, None)])
    assert fig is not None
    (ax,) = fig.axes
    heights = [p.get_height() for p in ax.patches]
    assert abs(sum(heights) - 100.0) < 1e-9


# --------------------------------------------------------------------------
# A lever decomposition


@pytest.fixture(scope="module")
def decomposition() -> mj.Decomposition:
    short = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
    return mj.decompose(short, replications=2, seed=3)


def _bar_widths(ax: Any) -> dict[float, float]:
    """Each horizontal bar's length by the y of its centre."""
    return {
        round(p.get_y() + p.get_height() / 2, 6): p.get_width()
        for c in ax.containers
        if isinstance(c, BarContainer)
        for p in c.patches
    }


def test_decomposition_draws_the_table_of_one_measure(decomposition: mj.Decomposition) -> None:
    ax = plot.decomposition(decomposition, "retention_2y")
    names = decomposition.lever_names
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Total", *names, "Interaction"]
    assert ax.get_title() == "2-year retention"
    assert ax.get_xlabel() == "Difference, pp (whiskers: 95% CI)"
    assert _legend(ax) == [
        "Total difference",
        "Shapley value",
        "One at a time",
        "Interaction (the rest)",
    ]
    table = decomposition.table(["retention_2y"])
    k = len(names)
    widths = _bar_widths(ax)
    top = float(k + 1)
    assert widths[top] == pytest.approx(100 * table.get("total:total", "retention_2y").mean)
    for i, name in enumerate(names):
        shapley = table.get(f"{name}:shapley", "retention_2y")
        assert widths[round(top - 1 - i + 0.1, 6)] == pytest.approx(100 * shapley.mean)
    # The one-at-a-time effects and the interaction are diamonds with their intervals.
    points = [c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.lines[0]]
    expected = [table.get(f"{x}:one-at-a-time", "retention_2y") for x in names]
    expected.append(table.get("interaction:one-at-a-time", "retention_2y"))
    assert len(points) == k + 1
    for bar, row in zip(points, expected, strict=True):
        (x,), _ = bar.lines[0].get_data()
        assert x == pytest.approx(100 * row.mean)
        segment = bar.lines[2][0].get_segments()[0]
        np.testing.assert_allclose(sorted(segment[:, 0]), [100 * row.ci_low, 100 * row.ci_high])
    assert points[-1].lines[0].get_markerfacecolor() == "white"


def test_decomposition_is_drawn_on_given_axes_in_the_measures_unit(
    decomposition: mj.Decomposition,
) -> None:
    _, given = plt.subplots()
    ax = plot.decomposition(decomposition, measure="turnover_cost_per_employee_year", ax=given)
    assert ax is given
    assert ax.get_title() == "Turnover cost"
    assert ax.get_xlabel() == "Difference, per employee-year (whiskers: 95% CI)"
    total = decomposition.table(["turnover_cost_per_employee_year"]).rows[0]
    assert _bar_widths(ax)[float(len(decomposition.lever_names) + 1)] == pytest.approx(total.mean)
    with pytest.raises(TypeError, match="dec: must be a Decomposition or BarrierExperiment"):
        plot.decomposition({"a": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="retention_9y"):
        plot.decomposition(decomposition, "retention_9y")


def test_report_decomposition_has_a_panel_per_measure_and_one_legend() -> None:
    before = plt.get_fignums()
    est = _Est(1.0, 0.5, 1.5)
    panel = plot._DecompositionPanel(
        "2-year retention", "pp", ["$cheap$ fills", "pay"], [est, _Est(2.0)], [est, est],
        _Est(3.0, 2.0, 4.0), _Est(float("nan")),
    )  # fmt: skip
    fig = plot._decomposition_figure([panel, panel._replace(title="Quits"), panel])
    assert isinstance(fig, matplotlib.figure.Figure)
    assert plt.get_fignums() == before, "no figure is left open in pyplot"
    drawn = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in drawn] == ["2-year retention", "Quits", "2-year retention"]
    assert len(fig.axes) == 4 and not fig.axes[3].axison
    # Dollar signs are drawn as written, not as mathematics.
    labels = [t.get_text() for t in drawn[0].get_yticklabels()]
    assert labels == ["Total", r"\$cheap\$ fills", "pay", "Interaction"]
    # The right-hand panel shares the rows of its left neighbour and does not repeat them.
    assert not any(t.get_visible() for t in drawn[1].get_yticklabels() if t.get_text())
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "Total difference",
        "Shapley value",
        "One at a time",
    ]


# --------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("draw", "argument"),
    [
        (plot.retention, "curves"),
        (plot.tenure_hazard, "tables"),
        (plot.retention_figure, "results"),
    ],
)
def test_empty_input_is_refused(draw: Callable[..., Any], argument: str) -> None:
    for empty in ({}, []):
        with pytest.raises(ValueError, match=f"^{argument}: is empty"):
            draw(empty)


@pytest.mark.parametrize(
    ("draw", "argument"),
    [
        (plot.retention, "curves"),
        (plot.tenure_hazard, "tables"),
        (plot.retention_figure, "results"),
    ],
)
def test_wrong_types_are_refused(
    runs: dict[str, mj.RunResult], draw: Callable[..., Any], argument: str
) -> None:
    with pytest.raises(TypeError, match=f"^{argument}: must be"):
        draw(42)
    with pytest.raises(TypeError, match=f"^{argument}: must be"):
        draw("Traditional employment")
    with pytest.raises(TypeError, match=rf"^{argument}\['a'\]: must be"):
        draw({"a": [1.0, 2.0]})
    with pytest.raises(TypeError, match=rf"^{argument}\[1\]: must be a RunResult"):
        draw([runs[TRAD], measures.retention_curve(runs[TRAD])])
    with pytest.raises(TypeError, match=f"^{argument}: labels must be strings"):
        draw({1: runs[TRAD]})


def test_a_bare_estimate_or_a_repeated_label_is_refused(runs: dict[str, mj.RunResult]) -> None:
    curve = measures.retention_curve(runs[TRAD])
    with pytest.raises(TypeError, match=r"curves: .*single SurvivalCurve.*\{'label': curves\}"):
        plot.retention(curve)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="curves: two runs would both be labelled"):
        plot.retention([runs[TRAD], runs[TRAD]])
    with pytest.raises(TypeError, match="cr: must be a CompetingRisks or a RunResult"):
        plot.exit_incidence(curve)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="policy: applies to runs only"):
        plot.exit_incidence(measures.exit_incidence(runs[TRAD]), policy="traditional")


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "5", True])
def test_t_max_must_be_a_positive_number(runs: dict[str, mj.RunResult], bad: Any) -> None:
    with pytest.raises(ValueError, match=r"^t_max_years: must be a finite number > 0"):
        plot.retention(runs, t_max_years=bad)
    with pytest.raises(ValueError, match=r"^t_max_years: must be a finite number > 0"):
        plot.exit_incidence(runs[TRAD], t_max_years=bad)


# --------------------------------------------------------------------------
# docs/retention.md


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_retention", ROOT / "docs/gen_retention.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(text: str, header_start: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header row starts with ``header_start``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_hand_computed_table_is_kaplan_meier() -> None:
    text = PAGE.read_text("utf-8")
    spells = _table(text, "| spell |")
    names = [row[0] for row in spells]
    entry = np.array([float(row[1]) for row in spells])
    end = np.array([float(row[2]) for row in spells])
    left = np.array(["censored" not in row[3] for row in spells])
    km = mj.kaplan_meier(end, left, entry)
    hand = _table(text, "| *t* (years) |")
    assert len(hand) == len(km.times)
    for row, t, n, d, c, s in zip(
        hand, km.times, km.at_risk, km.events, km.censored, km.survival, strict=True
    ):
        assert float(row[0]) == t
        assert (int(row[1]), int(row[3]), int(row[4])) == (n, d, c)
        who = sorted(name for name, a, b in zip(names, entry, end, strict=True) if a <= t <= b)
        assert row[2].split() == who
        assert float(Fraction(row[5])) == pytest.approx(1 - d / n)
        assert float(row[6].split("=")[-1]) == pytest.approx(s, abs=5e-4)


def test_the_worked_example_prints_what_the_page_shows(tmp_path: Path) -> None:
    text = PAGE.read_text("utf-8")
    by_hand = text[: text.index("\n## 4.")]
    assert by_hand.count("```python") == 3
    assert _generator().run_page(by_hand, tmp_path) == by_hand


def test_the_page_links_resolve() -> None:
    text = PAGE.read_text("utf-8")
    docs = ROOT / "docs"

    def anchors(page: Path) -> set[str]:
        headings = re.findall(r"^#+ (.+)$", page.read_text("utf-8"), re.M)
        return {re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", h.strip().lower())) for h in headings}

    links = re.findall(r"\]\(([\w./-]*)(?:#([\w-]+))?\)", text)
    assert links
    for target, anchor in links:
        page = docs / target if target else PAGE
        assert page.exists(), f"retention.md links to missing {target}"
        if anchor:
            assert anchor in anchors(page), f"retention.md links to missing {target}#{anchor}"
    images = re.findall(r"!\[[^\]]+\]\((img/[\w.-]+)\)", text)
    assert len(images) == 3
    assert "](retention.md)" in (docs / "index.md").read_text("utf-8")


@pytest.mark.slow
def test_the_page_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "docs/gen_retention.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, (
        "docs/retention.md is out of date; run `python docs/gen_retention.py` and review "
        "the prose around the numbers that moved.\n" + proc.stdout[-4000:] + proc.stderr[-2000:]
    )
