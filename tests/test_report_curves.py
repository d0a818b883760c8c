"""Retention pooled over replications: the comparison report's figure, its files and
:func:`microjob.plot.pooled_retention`.

One short comparison (the small preset cut to a 1-year warm-up and 2 measured years,
three replications) keeps each replication's retention curve and is written once per
module. The same comparison with its curves dropped stands for an API user who ran
``compare`` without ``keep``: its report shows one replication and must say so. A
short run of the mixed preset (companies under both policies) checks the curves by
policy kind. The CSV files are checked against :meth:`Comparison.retention_curves`
and :meth:`Comparison.pooled_retention`, the curve at 1, 2 and 5 years against the
summary table, and the page is rendered in headless Chromium when one is installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob import plot, report
from microjob.experiment.extras import curve_years

from .test_report import PNG_MAGIC, _chromium, _csv, _elements, _headless

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
pd = pytest.importorskip("pandas")

import matplotlib.pyplot as plt  # noqa: E402

SHORT = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
MIXED = attrs.evolve(mj.scenarios.mixed(), warmup_years=1.0, horizon_years=2.0)
REPLICATIONS = 3
SEED = 1
COMMAND = "microjob compare --preset small --replications 3 --seed 1 --out results"
KEEP = ("retention_curve",)
POOLED = (
    f"mean of {REPLICATIONS} replications' Kaplan–Meier curves; "
    "band: 95% interval over replications"
)
ONE = "one replication only (replication 0 of each policy"
CURVE_FILES = ("retention_curves.csv", "retention_pooled.csv")
KIND_FILES = ("retention_curves_by_kind.csv", "retention_pooled_by_kind.csv")


@pytest.fixture(scope="module")
def comparison() -> mj.Comparison:
    return mj.compare(
        SHORT,
        ["traditional", "internal-freelance"],
        replications=REPLICATIONS,
        seed=SEED,
        keep=KEEP,
    )


@pytest.fixture(scope="module")
def plain(comparison: mj.Comparison) -> mj.Comparison:
    """The same comparison as if run without keep: no curves."""
    return attrs.evolve(comparison, runs=tuple(attrs.evolve(r, extras={}) for r in comparison.runs))


@pytest.fixture(scope="module")
def examples(comparison: mj.Comparison) -> dict[str, mj.RunResult]:
    return {p: comparison.rerun(p, 0) for p in comparison.policies}


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
    comparison: mj.Comparison,
    examples: dict[str, mj.RunResult],
) -> list[Path]:
    return report.write_comparison(
        tmp_path_factory.mktemp("pooled"), comparison, examples, command=COMMAND
    )


@pytest.fixture(scope="module")
def out(written: list[Path]) -> Path:
    return written[-1].parent


@pytest.fixture(scope="module")
def page(out: Path) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plain_out(
    tmp_path_factory: pytest.TempPathFactory,
    plain: mj.Comparison,
    examples: dict[str, mj.RunResult],
) -> Path:
    out = tmp_path_factory.mktemp("plain")
    report.write_comparison(out, plain, examples, command=COMMAND)
    return out


@pytest.fixture(scope="module")
def mixed() -> mj.Comparison:
    """Traditional employment against the mixed preset's own policies (two of each kind)."""
    return mj.compare(MIXED, replications=REPLICATIONS, seed=SEED, keep=KEEP)


@pytest.fixture(scope="module")
def mixed_out(tmp_path_factory: pytest.TempPathFactory, mixed: mj.Comparison) -> Path:
    out = tmp_path_factory.mktemp("mixed")
    examples = {p: mixed.rerun(p, 0) for p in mixed.policies}
    report.write_comparison(out, mixed, examples, command=COMMAND)
    return out


def _caption(page: str) -> str:
    """The retention figure's caption as a reader sees it."""
    found = re.search(r'<figure id="fig-retention">(.*?)</figure>', page, re.S)
    assert found is not None
    (caption,) = _elements(found.group(0), "figcaption")
    return caption


# ------------------------------------------------------------------ files


def test_kept_curves_write_the_curves_and_the_figure(out: Path, written: list[Path]) -> None:
    names = {p.relative_to(out).as_posix() for p in written}
    assert set(CURVE_FILES) <= names
    assert not set(KIND_FILES) & names  # one policy per arm: no curves by kind
    assert (out / "figures" / "retention.png").read_bytes().startswith(PNG_MAGIC)
    files = _elements((out / "report.html").read_text(encoding="utf-8"), "li")
    for name in CURVE_FILES:
        assert any(item.startswith(f"{name}: ") and len(item) > len(name) + 20 for item in files)


def test_retention_curves_csv_holds_every_replication(out: Path, comparison: mj.Comparison) -> None:
    got = _csv(out / "retention_curves.csv")
    assert list(got.columns) == ["arm", "replication", "years", "retention"]
    assert list(got["arm"].unique()) == list(comparison.policies)
    years = curve_years()
    for arm in comparison.policies:
        rows = got[got["arm"] == arm]
        curves = comparison.retention_curves(arm)
        assert curves.shape == (REPLICATIONS, years.size)
        assert (
            rows["replication"].tolist() == np.repeat(np.arange(REPLICATIONS), years.size).tolist()
        )
        np.testing.assert_array_equal(rows["years"], np.tile(years, REPLICATIONS))
        np.testing.assert_array_equal(rows["retention"].to_numpy().reshape(curves.shape), curves)


def test_retention_pooled_csv_is_pooled_retention(out: Path, comparison: mj.Comparison) -> None:
    got = _csv(out / "retention_pooled.csv")
    assert list(got.columns) == ["arm", "years", "mean", "ci_low", "ci_high", "n"]
    for arm in comparison.policies:
        rows = got[got["arm"] == arm]
        pooled = comparison.pooled_retention(arm)
        np.testing.assert_array_equal(rows["years"], pooled.years)
        np.testing.assert_array_equal(rows["mean"], pooled.mean)
        np.testing.assert_array_equal(rows["ci_low"], pooled.ci_low)
        np.testing.assert_array_equal(rows["ci_high"], pooled.ci_high)
        assert set(rows["n"]) == {pooled.n} == {REPLICATIONS}
        # The band reflects replication: it is as wide as the replications differ.
        curves = comparison.retention_curves(arm)
        spread = curves.std(axis=0, ddof=1) > 0
        assert spread.any()
        assert np.all((pooled.ci_high - pooled.ci_low)[spread] > 0)


def test_the_pooled_curve_at_1_2_5_years_is_the_summary_table(
    out: Path, comparison: mj.Comparison
) -> None:
    """A replication's retention_2y is its curve at 2 years, so the figure's diamonds
    (the table's estimates) are points of the pooled curve, interval and all."""
    summary = _csv(out / "summary.csv")
    pooled = _csv(out / "retention_pooled.csv")
    for arm in comparison.policies:
        curves = comparison.retention_curves(arm)
        for t, field in ((1, "retention_1y"), (2, "retention_2y"), (5, "retention_5y")):
            at = int(np.flatnonzero(curve_years() == t)[0])
            np.testing.assert_array_equal(curves[:, at], comparison.values(arm, field))
            (row,) = summary[
                (summary["policy"] == arm) & (summary["measure"] == field)
            ].itertuples()
            (point,) = pooled[(pooled["arm"] == arm) & (pooled["years"] == t)].itertuples()
            assert (point.mean, point.ci_low, point.ci_high) == (row.mean, row.ci_low, row.ci_high)


def test_a_second_write_is_identical(
    tmp_path: Path,
    out: Path,
    written: list[Path],
    comparison: mj.Comparison,
    examples: dict[str, mj.RunResult],
) -> None:
    again = report.write_comparison(tmp_path, comparison, examples, command=COMMAND)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in written]
    for first, second in zip(written, again, strict=True):
        if first.suffix in (".csv", ".html", ".png"):
            assert first.read_bytes() == second.read_bytes(), first.name


def test_without_curves_no_curve_files_are_written(plain_out: Path) -> None:
    for name in (*CURVE_FILES, *KIND_FILES):
        assert not (plain_out / name).exists()
    assert (plain_out / "figures" / "retention.png").is_file()


# ------------------------------------------------------------------ captions


def test_the_caption_says_the_curves_are_pooled(page: str) -> None:
    caption = _caption(page)
    assert caption.startswith("Retention by tenure. ")
    assert POOLED in caption
    assert "Thin faint lines: each replication's own curve." in caption
    assert "retention at 1, 2 and 5 years as in the table of measures" in caption
    assert ONE not in caption and "replication 0" not in caption
    alt = re.search(r'<figure id="fig-retention"><img [^>]*alt="([^"]*)"', page)
    assert alt is not None and "over 3 replications" in alt.group(1)


def test_the_caption_says_one_replication_when_curves_were_not_kept(plain_out: Path) -> None:
    caption = _caption((plain_out / "report.html").read_text(encoding="utf-8"))
    assert caption.startswith("Retention by tenure. ")
    assert ONE in caption
    assert "not a mean over replications" in caption
    assert "keep=('retention_curve',)" in caption
    assert "Kaplan–Meier curves; band" not in caption


# ------------------------------------------------------------------ a mixed scenario


def test_mixed_arms_write_curves_by_kind(mixed_out: Path, mixed: mj.Comparison) -> None:
    assert mixed.policies == ("traditional", "scenario")
    kinds = ["traditional", "internal-freelance"]
    curves = _csv(mixed_out / "retention_curves_by_kind.csv")
    pooled = _csv(mixed_out / "retention_pooled_by_kind.csv")
    assert list(curves.columns) == ["arm", "kind", "replication", "years", "retention"]
    assert list(pooled.columns) == ["arm", "kind", "years", "mean", "ci_low", "ci_high", "n"]
    # Only the arm whose companies mix policies has curves by kind.
    assert set(curves["arm"]) == set(pooled["arm"]) == {"scenario"}
    assert list(curves["kind"].unique()) == list(pooled["kind"].unique()) == kinds
    for kind in kinds:
        rows = curves[curves["kind"] == kind]["retention"].to_numpy()
        np.testing.assert_array_equal(
            rows.reshape(REPLICATIONS, -1), mixed.retention_curves("scenario", kind)
        )
        expected = mixed.pooled_retention("scenario", kind)
        np.testing.assert_array_equal(pooled[pooled["kind"] == kind]["mean"], expected.mean)
    caption = _caption((mixed_out / "report.html").read_text(encoding="utf-8"))
    assert POOLED in caption
    assert "Right: the same curves for the spells at each policy kind's companies" in caption
    assert "solid: traditional employment, dashed: internal freelance" in caption


def test_the_report_figure_has_a_panel_by_kind_for_mixed_arms(
    mixed: mj.Comparison, comparison: mj.Comparison
) -> None:
    names = {"traditional": "Traditional employment", "scenario": "Scenario's own policies"}
    fig = plot._pooled_retention_figure(mixed, names, {}, "", by_kind=True, each_replication=True)
    left, right = fig.axes
    assert _legend(right)[:3] == [
        "Traditional employment",
        "Scenario's own policies: Traditional employment",
        "Scenario's own policies: Internal freelance",
    ]
    assert [line.get_linestyle() for line in _means(right)] == ["-", "-", "--"]
    assert len(_means(left)) == 2
    single = plot._pooled_retention_figure(
        comparison,
        {p: p for p in comparison.policies},
        {},
        "",
        by_kind=False,
        each_replication=True,
    )
    assert len(single.axes) == 1


# ------------------------------------------------------------------ plot.pooled_retention


def _legend(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _means(ax: Any) -> list[Any]:
    """The pooled mean lines (drawn thicker than each replication's)."""
    return [line for line in ax.get_lines() if line.get_linewidth() == 1.8]


def test_plot_pooled_retention_draws_the_mean_band_and_replications(
    comparison: mj.Comparison,
) -> None:
    fig, ax = plt.subplots()
    try:
        assert plot.pooled_retention(comparison, ax=ax) is ax
        assert _legend(ax) == [
            "Traditional employment",
            "Internal freelance",
            "95% interval over replications",
            "One replication",
        ]
        legend = ax.get_legend()
        assert legend is not None
        assert legend.get_title().get_text() == f"Mean of {REPLICATIONS} replications"
        means = _means(ax)
        for line, arm in zip(means, comparison.policies, strict=True):
            x, y = line.get_data()
            pooled = comparison.pooled_retention(arm)
            np.testing.assert_array_equal(x, pooled.years)
            np.testing.assert_array_equal(y, pooled.mean)
        faint = [line for line in ax.get_lines() if line.get_linewidth() == 0.6]
        assert len(faint) == 2 * REPLICATIONS
        np.testing.assert_array_equal(
            faint[0].get_ydata(), comparison.retention_curves("traditional")[0]
        )
        assert len(ax.collections) == 2  # one band per arm
        assert ax.get_xlim() == (0.0, 10.0)
    finally:
        plt.close(fig)


def test_plot_pooled_retention_options(comparison: mj.Comparison, mixed: mj.Comparison) -> None:
    fig, (a, b, c) = plt.subplots(1, 3)
    try:
        plot.pooled_retention(
            comparison,
            {"internal_freelance": "Flex"},
            ax=a,
            each_replication=False,
            confidence=0.9,
            t_max_years=5,
            title="T",
        )
        assert _legend(a) == ["Flex", "90% interval over replications"]
        assert a.get_title() == "T" and a.get_xlim() == (0.0, 5.0)
        (line,) = a.get_lines()
        pooled = comparison.pooled_retention("internal-freelance", confidence=0.9)
        band = a.collections[0].get_paths()[0].vertices[:, 1]
        assert np.isclose(band.max(), pooled.ci_high.max())
        np.testing.assert_array_equal(line.get_ydata(), pooled.mean)

        plot.pooled_retention(mixed, ["scenario"], ax=b, group="internal-freelance")
        np.testing.assert_array_equal(
            _means(b)[0].get_ydata(), mixed.pooled_retention("scenario", "internal-freelance").mean
        )
        plot.pooled_retention(mixed, ax=c, by_kind=True)
        assert _legend(c)[:3] == [
            "Traditional employment",
            "scenario: Traditional employment",
            "scenario: Internal freelance",
        ]
    finally:
        plt.close(fig)


def test_plot_pooled_retention_names_what_is_wrong(
    comparison: mj.Comparison, plain: mj.Comparison, mixed: mj.Comparison
) -> None:
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"keep=\('retention_curve',\)"):
        plot.pooled_retention(plain)
    with pytest.raises(TypeError, match="comparison: must be a Comparison"):
        plot.pooled_retention(comparison.runs)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="no arm labelled 'nope'"):
        plot.pooled_retention(comparison, ["nope"])
    with pytest.raises(KeyError, match="group: no curve 'internal-freelance'"):
        plot.pooled_retention(comparison, group="internal-freelance")
    with pytest.raises(ValueError, match="group: must be 'all' with by_kind=True"):
        plot.pooled_retention(mixed, group="traditional", by_kind=True)
    with pytest.raises(ValueError, match="t_max_years"):
        plot.pooled_retention(comparison, t_max_years=0)
    assert plt.get_fignums() == before, "no figure is left open after an error"


# ------------------------------------------------------------------ rendering in Chromium

_PROBE = (
    "<script>addEventListener('load', () => { const imgs = [...document.images]; "
    "const fig = document.querySelector('#fig-retention'); "
    "document.title = 'loaded ' + imgs.filter(i => i.complete && i.naturalWidth > 0).length "
    "+ ' of ' + imgs.length + '; retention ' + fig.querySelector('img').naturalWidth + 'x' "
    "+ fig.querySelector('img').naturalHeight + ' shown ' "
    "+ (fig.querySelector('img').getBoundingClientRect().height > 0) "
    "+ ' caption ' + (fig.querySelector('figcaption').getBoundingClientRect().height > 0); });"
    "</script>"
)


@pytest.mark.parametrize("which", ["out", "mixed_out"])
def test_chromium_renders_the_pooled_figure(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium binary found (install it with: apt-get install chromium)")
    folder: Path = request.getfixturevalue(which)
    page = (folder / "report.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    done = _headless(
        binary, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()
    )
    title = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    assert title is not None, done.stderr[-2000:]
    from matplotlib.image import imread

    height, width = imread(folder / "figures" / "retention.png").shape[:2]
    n = page.count("<img ")
    assert title.group(1) == (
        f"loaded {n} of {n}; retention {width}x{height} shown true caption true"
    )
