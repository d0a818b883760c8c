"""The output directory of microjob.report: files, CSV contents, determinism and the page.

One short comparison (the small preset cut to a 2-year warm-up and 3 measured
years, three replications) is written once per module; the tests read what
landed on disk. The last test opens report.html in headless Chromium, when a
Chromium binary is installed, to check that the page renders and every figure
loads.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import math
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob import report
from microjob.experiment import replication_seeds

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
pd = pytest.importorskip("pandas")

SCENARIO = attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=3.0)
FLEX = mj.InternalFreelance().kind
POLICIES = {"traditional": mj.TraditionalEmployment(), FLEX: mj.InternalFreelance()}
COMMAND = "microjob compare --preset small --replications 3 --seed 1 --out results"
REPLICATIONS = 3
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MINUS = "\u2212"
HAS_TOML = hasattr(mj.Scenario, "to_toml")
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


@pytest.fixture(scope="module")
def comparison() -> mj.Comparison:
    return mj.compare(SCENARIO, list(POLICIES.values()), replications=REPLICATIONS, seed=1)


@pytest.fixture(scope="module")
def examples(comparison: mj.Comparison) -> dict[str, mj.RunResult]:
    """Replication 0 of each policy, with its records."""
    seed = replication_seeds(1, 1)[0]
    return {p: mj.simulate(SCENARIO, seed=seed, policy=POLICIES[p]) for p in comparison.policies}


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
    comparison: mj.Comparison,
    examples: dict[str, mj.RunResult],
) -> list[Path]:
    out = tmp_path_factory.mktemp("compare")
    return report.write_comparison(out, comparison, examples, command=COMMAND)


@pytest.fixture(scope="module")
def out(written: list[Path]) -> Path:
    return written[-1].parent


@pytest.fixture(scope="module")
def page(out: Path) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


def _csv(path: Path) -> pd.DataFrame:
    """A CSV file read back with every digit (the files hold shortest round-trip floats)."""
    return pd.read_csv(path, float_precision="round_trip")


def _show(value: float, decimals: int, *, signed: bool = False) -> str:
    """A number as the page prints it, formatted independently of the module."""
    if round(value, decimals) == 0:
        return f"{0.0:.{decimals}f}"
    return f"{value:{'+' if signed else ''},.{decimals}f}".replace("-", MINUS)


# ------------------------------------------------------------------ files and CSVs


def test_comparison_writes_the_expected_files(out: Path, written: list[Path]) -> None:
    names = {p.relative_to(out).as_posix() for p in written}
    expected = {"summary.csv", "differences.csv", "runs.csv", "spells.csv", "report.html"}
    expected |= {f"figures/{n}.png" for n in ("differences", "retention", "hazard", "skills")}
    expected.add("figures/exits.png")
    assert expected <= names
    assert ("scenario.toml" in names) == HAS_TOML
    assert ("spells.parquet" in names) == HAS_PYARROW
    assert written[-1].name == "report.html"
    for path in written:
        assert path.is_file() and path.stat().st_size > 0
    for png in out.glob("figures/*.png"):
        assert png.read_bytes().startswith(PNG_MAGIC)


def test_summary_csv_is_the_table(out: Path, comparison: mj.Comparison) -> None:
    expected = comparison.table().to_frame().rename(columns={"label": "policy"})
    got = _csv(out / "summary.csv")
    assert list(got.columns) == ["policy", "measure", "mean", "sd", "ci_low", "ci_high", "n"]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_differences_csv_is_the_paired_differences(out: Path, comparison: mj.Comparison) -> None:
    expected = comparison.differences().to_frame().rename(columns={"label": "policy"})
    got = _csv(out / "differences.csv")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert set(got["baseline"]) == {"traditional"}


def test_runs_csv_has_one_row_per_run(out: Path, comparison: mj.Comparison) -> None:
    got = _csv(out / "runs.csv")
    assert len(got) == len(comparison.runs) == 2 * REPLICATIONS
    expected = comparison.to_frame().drop(columns=["point"])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_spells_csv_holds_the_example_spells(out: Path, examples: dict[str, mj.RunResult]) -> None:
    got = _csv(out / "spells.csv")
    assert list(got["policy_label"].unique()) == list(examples)
    for label, run in examples.items():
        rows = got[got["policy_label"] == label]
        table = mj.measures.spell_table(run)
        assert len(rows) == len(run.spells)
        np.testing.assert_array_equal(rows["duration_years"], table["duration_years"])
        np.testing.assert_array_equal(rows["worker"], table["worker"])
    if HAS_PYARROW:
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / "spells.parquet"), got, check_exact=True
        )


def test_scenario_toml_round_trips(out: Path) -> None:
    if not HAS_TOML:
        pytest.skip("Scenario.to_toml is not implemented yet")
    assert mj.Scenario.from_toml(out / "scenario.toml") == SCENARIO


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
        if first.suffix in (".csv", ".html", ".png", ".toml"):
            assert first.read_bytes() == second.read_bytes(), first.name


# ------------------------------------------------------------------ the page


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_page_is_self_contained(page: str, out: Path) -> None:
    tags = _tags(page)
    names = {t for t, _ in tags}
    assert "script" not in names and "link" not in names and "iframe" not in names
    for tag, attributes in tags:
        for key in ("src", "href"):
            value = attributes.get(key) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, key, value[:80])
    assert "url(" not in page and "@import" not in page
    images = [a["src"] or "" for t, a in tags if t == "img"]
    assert len(images) == len(list(out.glob("figures/*.png")))
    for src in images:
        prefix = "data:image/png;base64,"
        assert src.startswith(prefix)
        assert base64.b64decode(src[len(prefix) :], validate=True).startswith(PNG_MAGIC)
    assert all((a.get("alt") or "").strip() for t, a in tags if t == "img")


def test_page_states_question_scenario_and_command(page: str, comparison: mj.Comparison) -> None:
    assert html.escape(report.QUESTION) in page
    assert "<strong>small</strong>" in page
    assert html.escape(SCENARIO.description) in page
    assert html.escape(COMMAND) in page
    assert "2-year warm-up, then 3 years" in page
    for run in comparison.runs[:REPLICATIONS]:
        assert run.seed in page
    assert f"microjob {mj.__version__}" in page


def test_page_shows_the_table_values(page: str, comparison: mj.Comparison) -> None:
    table, diffs = comparison.table(), comparison.differences()
    for label in comparison.policies:
        row = table.get(label, "retention_2y")
        assert f">{_show(100 * row.mean, 1)}<" in page
        assert f"{_show(100 * row.ci_low, 1)} to {_show(100 * row.ci_high, 1)}" in page
        cost = table.get(label, "turnover_cost_per_employee_year")
        assert f">{_show(cost.mean, 0)}<" in page
    d = diffs.get(FLEX, "quit_rate_monthly")
    assert f">{_show(100 * d.mean, 2, signed=True)}<" in page


def _paired_ci(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    from scipy import stats

    d = a - b
    half = stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / math.sqrt(d.size)
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


def test_clear_differences_are_highlighted(page: str, comparison: mj.Comparison) -> None:
    """One highlighted cell per difference whose paired interval excludes zero."""
    clear = sum(r.ci_low > 0 or r.ci_high < 0 for r in comparison.differences())
    cost = {
        p: comparison.values(p, "turnover_cost_per_employee_year")
        + comparison.values(p, "gig_bonus_per_employee_year")
        for p in comparison.policies
    }
    _, low, high = _paired_ci(cost[FLEX], cost["traditional"])
    clear += low > 0 or high < 0
    assert page.count('class="num clear"') == clear > 0


def test_page_says_in_words_what_differs(page: str, comparison: mj.Comparison) -> None:
    assert (
        "Under internal freelance, compared with traditional employment "
        f"({REPLICATIONS} paired replications)"
    ) in page
    bonus = comparison.differences().get(FLEX, "gig_bonus_per_employee_year")
    assert bonus.ci_low > 0  # traditional pays no bonuses
    assert (
        f"micro-job bonuses cost {_show(bonus.mean, 0)} more per employee-year "
        f"(95% CI {_show(bonus.ci_low, 0)} to {_show(bonus.ci_high, 0)})"
    ) in page
    assert "describe the model, not real firms" in page
    assert "internal-freelance policy is not" in page


def _difference(mean: float, low: float, high: float, n: int = 5) -> report._Interval:
    return report._Interval(mean, low, high, n)


def test_paragraph_states_only_differences_whose_interval_excludes_zero() -> None:
    text = report._difference_paragraph(
        "Under internal freelance, compared with traditional employment",
        {
            "retention_2y": _difference(0.095, 0.083, 0.107),
            "quit_rate_monthly": _difference(-0.0063, -0.0085, -0.0041),
            "skill_breadth": _difference(0.05, -0.14, 0.24),
        },
        5,
    )
    assert "two-year retention was 9.5 percentage points higher (95% CI 8.3 to 10.7)" in text
    assert f"quit rate was 0.63 percentage points lower (95% CI {MINUS}0.85 to {MINUS}0.41)" in text
    assert "no clear difference" in text
    assert f"skill breadth (+0.05 skills, 95% CI {MINUS}0.14 to 0.24)" in text
    assert "more skills" not in text and "fewer skills" not in text

    single = report._difference_paragraph(
        "Under A", {"retention_2y": _difference(0.1, math.nan, math.nan, 1)}, 1
    )
    assert "no confidence intervals" in single and "higher" not in single


# ------------------------------------------------------------------ one run, a sweep, errors


@pytest.fixture(scope="module")
def hostile_run() -> mj.RunResult:
    scenario = attrs.evolve(SCENARIO, description="<script>alert('x')</script> & <b>bold</b>")
    return mj.simulate(scenario, seed=2, policy=mj.InternalFreelance())


def test_write_run(tmp_path: Path, hostile_run: mj.RunResult) -> None:
    written = report.write_run(tmp_path, hostile_run, command="microjob run --out '<dir>' & x")
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"summary.csv", "spells.csv", "report.html", "figures/retention.png"} <= names
    summary = _csv(tmp_path / "summary.csv")
    assert len(summary) == 1 and summary["policy"][0] == FLEX
    for name, value in hostile_run.summary().as_dict().items():
        got = summary[name][0]
        assert got == value or (math.isnan(got) and math.isnan(value)), name

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "microjob run --out &#x27;&lt;dir&gt;&#x27; &amp; x" in page
    assert "<b>bold</b>" not in page


def test_write_sweep(tmp_path: Path) -> None:
    sweep = mj.sweep(SCENARIO, {"market.offer_rate_per_year": [0.5, 1.5]}, replications=2, seed=1)
    written = report.write_sweep(tmp_path, sweep, command="microjob sweep")
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"summary.csv", "runs.csv", "figures/sweep.png", "report.html"} <= names
    expected = sweep.aggregate().to_frame()
    expected.insert(0, "point", [int(x.split()[-1]) for x in expected["label"]])
    expected = expected.drop(columns=["label"])
    pd.testing.assert_frame_equal(_csv(tmp_path / "summary.csv"), expected, check_exact=True)
    pd.testing.assert_frame_equal(_csv(tmp_path / "runs.csv"), sweep.to_frame(), check_exact=True)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (
        "At market.offer_rate_per_year = 1.5, compared with market.offer_rate_per_year = 0.5"
        in (page)
    )


def test_bad_arguments_are_named(
    tmp_path: Path, comparison: mj.Comparison, examples: dict[str, mj.RunResult]
) -> None:
    with pytest.raises(ValueError, match=rf"examples: .*missing \['{FLEX}'\]"):
        report.write_comparison(
            tmp_path, comparison, {"traditional": examples["traditional"]}, command=""
        )
    with pytest.raises(TypeError, match="comparison: must be a Comparison"):
        report.write_comparison(tmp_path, examples, examples, command="")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="result: must be a RunResult"):
        report.write_run(tmp_path, comparison, command="")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="command: must be a string"):
        report.write_run(tmp_path, examples["traditional"], command=None)  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


def test_missing_matplotlib_is_explained(
    tmp_path: Path, examples: dict[str, mj.RunResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'microjob[plot]'")):
        report.write_run(tmp_path / "out", examples["traditional"], command="")
    assert not (tmp_path / "out").exists()


def test_import_does_not_load_matplotlib() -> None:
    code = "import sys, microjob.report; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ------------------------------------------------------------------ rendering in Chromium


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _headless(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


_COUNT_IMAGES = (
    "<script>addEventListener('load', () => { const imgs = [...document.images]; "
    "document.title = 'loaded ' + imgs.filter(i => i.complete && i.naturalWidth > 0).length "
    "+ ' of ' + imgs.length; });</script>"
)


def test_chromium_renders_the_page(out: Path, page: str, tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium binary found (install it with: apt-get install chromium)")
    shot = tmp_path / "screenshot.png"
    width, height = 1280, 2400
    done = _headless(
        binary,
        tmp_path / "profile",
        f"--screenshot={shot}",
        f"--window-size={width},{height}",
        (out / "report.html").as_uri(),
    )
    assert shot.is_file(), done.stderr[-2000:]
    from matplotlib.image import imread

    pixels = (imread(shot)[..., :3] * 255).round().astype(int)
    assert pixels.shape == (height, width, 3)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    assert np.unique(packed).size > 500  # text and figures, not a blank page
    white = np.all(pixels >= 250, axis=-1).mean()
    assert 0.3 < white < 0.97
    # The policies' colours, drawn by the figures in view (differences, retention).
    for colour in ("#0072B2", "#E69F00"):
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        near = int(np.all(np.abs(pixels - rgb) <= 24, axis=-1).sum())
        assert near > 1000, (colour, near)

    # Every <img> decoded: a copy of the page reports the count in its title.
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _COUNT_IMAGES + "</body>"), encoding="utf-8")
    done = _headless(
        binary, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()
    )
    title = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    n_images = page.count("<img ")
    assert title is not None, done.stderr[-2000:]
    assert title.group(1) == f"loaded {n_images} of {n_images}"
