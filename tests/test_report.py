"""The output directory of microjob.report: files, CSV contents, determinism and the page.

One short comparison (the small preset cut to a 2-year warm-up and 3 measured
years, three replications) is written once per module; the tests read what
landed on disk. A second comparison, of two identical policies under names,
company names and a scenario full of HTML, checks escaping and what the page
says of differences that are zero in every replication. The last test opens
report.html in headless Chromium, when a Chromium binary is installed, to
check that the page renders, every figure loads and every section shows.
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
from microjob.policies import LEVERS

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


class _Page(HTMLParser):
    """A page's text, and its elements: tag, attributes and their text, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.elements: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self._open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, attributes, parts = self._open.pop()
            text = "".join(parts)
            self.elements.append((name, attributes, " ".join(text.split())))
            if self._open:
                self._open[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open:
            self._open[-1][2].append(data)


_VOID = {"meta", "img", "br", "wbr", "hr", "input", "link"}


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _text(page: str) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, spaces joined."""
    return " ".join("".join(_parse(page).text).split())


def _elements(page: str, tag: str, cls: str | None = None) -> list[str]:
    """The text of every ``tag`` element (with the class ``cls``), in document order."""
    found = [
        (attributes, text)
        for name, attributes, text in _parse(page).elements
        if name == tag and (cls is None or cls in (attributes.get("class") or "").split())
    ]
    return [text for _, text in found]


def _facts(page: str) -> dict[str, list[str]]:
    """Every term of the page's fact lists with the text of its value(s)."""
    out: dict[str, list[str]] = {}
    term = None
    # A dt or dd closes right after its own text, so they come in document order.
    for name, _, text in _parse(page).elements:
        if name == "dt":
            term = text
        elif name == "dd" and term is not None:
            out.setdefault(term, []).append(text)
            term = None
    return out


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


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    return _parse(page).tags


def _section(page: str, ident: str) -> str:
    """The HTML of the page's section ``ident``."""
    found = re.search(rf'<section id="{ident}"[^>]*>(.*?)</section>', page, re.S)
    assert found is not None, ident
    return found.group(1)


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
    text = _text(page)
    assert report.QUESTION in text
    assert "<strong>small</strong>" in page
    assert SCENARIO.description in text
    assert COMMAND in text
    assert "2-year warm-up, then 3 years" in text
    for run in comparison.runs[:REPLICATIONS]:
        assert run.seed in text
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


def _is_clear(a: np.ndarray, b: np.ndarray, field: str) -> bool:
    """The page's rule, computed here: the interval excludes zero, the replications spread
    (beyond rounding error) and the mean does not round to zero as shown."""
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    if a.size < 2 or np.ptp(a - b) <= 1e-9 * max(np.abs(a).max(), np.abs(b).max()):
        return False
    mean, low, high = _paired_ci(a, b)
    info = report.Measure.of(field).info
    return (low > 0 or high < 0) and round(mean * info.scale, info.decimals) != 0


def _values(comparison: mj.Comparison, policy: str, field: str) -> np.ndarray:
    if field == report.PEOPLE_COST:
        return comparison.values(policy, "turnover_cost_per_employee_year") + comparison.values(
            policy, "gig_bonus_per_employee_year"
        )
    return comparison.values(policy, field)


def test_clear_differences_are_highlighted(page: str, comparison: mj.Comparison) -> None:
    """One highlighted cell per difference the rule calls clear, and no other."""
    fields = [*mj.RunSummary.field_names(), report.PEOPLE_COST]
    clear = sum(
        _is_clear(_values(comparison, FLEX, f), _values(comparison, "traditional", f), f)
        for f in fields
    )
    assert page.count('class="num clear"') == clear > 0
    # Worker-years are the same under both policies in every replication (the same
    # population), a difference of zero that is never highlighted.
    a, b = (comparison.values(p, "worker_years") for p in (FLEX, "traditional"))
    assert np.array_equal(a, b)
    measures = _section(page, "measures")
    row = re.search(r"Worker-years simulated<.*?</tr>", measures, re.S)
    assert row is not None
    assert 'class="num identical"' in row.group(0)
    assert "identical in every replication" in row.group(0)


def test_page_says_in_words_what_differs(page: str, comparison: mj.Comparison) -> None:
    text = _text(page)
    assert (
        "Under internal freelance, compared with traditional employment "
        f"({REPLICATIONS} paired replications)"
    ) in text
    bonus = comparison.differences().get(FLEX, "gig_bonus_per_employee_year")
    assert bonus.ci_low > 0  # traditional pays no bonuses
    assert (
        f"micro-job bonuses cost {_show(bonus.mean, 0)} more per employee-year "
        f"(95% CI {_show(bonus.ci_low, 0)} to {_show(bonus.ci_high, 0)})"
    ) in text
    assert "describe the model, not real firms" in text
    assert "internal-freelance policy is not" in text


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


def test_differences_that_are_zero_or_have_no_spread_are_never_clear() -> None:
    m = report.Measure.of("quit_rate_monthly")  # shown in % with two decimals
    a = np.array([0.0186, 0.0190, 0.0170])
    # Both arms equal up to rounding error (as a derived sum can leave it).
    same = report._difference(a, a + np.array([1e-18, 0.0, -2e-18]))
    assert same.identical and (same.mean, same.low, same.high) == (0.0, 0.0, 0.0)
    assert report._verdict(m, same) == "identical"
    # The same non-zero difference in every replication: an interval of no width.
    shifted = report._difference(a + 0.001, a)
    assert shifted.constant and not shifted.identical
    assert report._verdict(m, shifted) == "constant"
    # An interval that excludes zero around a difference shown as 0.00.
    tiny = _difference(0.00002, 0.00001, 0.00003)
    assert tiny.excludes_zero and report._verdict(m, tiny) == "small"
    assert report._verdict(m, _difference(0.004, 0.002, 0.006)) == "clear"
    assert report._verdict(m, _difference(0.004, -0.002, 0.006)) == "unclear"
    assert report._verdict(m, _difference(0.004, math.nan, math.nan, 1)) == "single"
    assert report._verdict(m, None) == "missing"

    text = report._difference_paragraph(
        "Under A", {"quit_rate_monthly": same, "retention_2y": report._difference(a + 0.01, a)}, 3
    )
    assert "quit rate" not in text, "identical measures say nothing"
    assert "differed clearly" in text and "same in every replication" in text
    assert "higher" not in text


# ------------------------------------------------------------------ measures, method, captions


FIELDS = mj.RunSummary.field_names()


def test_every_measure_has_a_named_group() -> None:
    placed = {f for _, fields in report.SECTIONS for f in fields}
    missing = [f for f in FIELDS if f not in placed]
    assert not missing, f"place these measures in a group of report.SECTIONS: {missing}"


def test_every_measure_shows_its_label_unit_and_meaning(page: str) -> None:
    from markupsafe import escape

    measures = _section(page, "measures")
    for field in FIELDS:
        info = mj.RunSummary.info(field)
        head = (
            f'<th scope="row">{escape(info.label[0].upper() + info.label[1:])}'
            f'<span class="unit">{escape(info.unit)}</span>'
            f'<span class="desc">{escape(info.description)}</span></th>'
        )
        assert measures.count(head) == 1, field
    text = _text(page)
    assert "Other measures" not in text
    raw = [f for f in FIELDS if re.search(rf"(?<![\w.]){f}(?!\w)", text)]
    assert not raw, f"raw field names on the page: {raw}"


def test_the_method_says_what_each_layoff_number_is(page: str, comparison: mj.Comparison) -> None:
    facts = _facts(page)
    market = SCENARIO.market
    (hazard,) = facts["Layoff hazard (parameters)"]
    assert f"{100 * market.layoff_rate_monthly:.3g}% of employees a month at long tenure" in hazard
    assert f"plus {100 * market.layoff_new_hire_excess_monthly:.3g}% a month at tenure zero" in (
        hazard
    )
    assert "market.layoff_rate_monthly" in hazard
    (measured,) = facts["Layoffs (measured)"]
    table = comparison.table()
    measures = _section(page, "measures")
    row = re.search(r"<th scope=\"row\">Layoffs<.*?</tr>", measures, re.S)
    assert row is not None
    for label, name in (("traditional", "traditional employment"), (FLEX, "internal freelance")):
        shown = _show(100 * table.get(label, "layoff_rate_monthly").mean, 2)
        assert f"{shown}% a month under {name}" in measured
        assert f">{shown}<" in row.group(0), "the same number as the table's"
    assert "not the long-tenure parameter" in measured
    (moved,) = facts["Redeployments (measured)"]
    shown = _show(table.get(FLEX, "redeployments_per_employee_year").mean, 3)
    assert f"{shown} per employee-year under internal freelance" in moved
    assert "traditional" not in moved


def test_the_exits_caption_explains_competing_exits(page: str) -> None:
    (caption,) = [t for t in _elements(page, "figcaption") if t.startswith("Why people leave.")]
    assert "the cumulative incidence of quits can rise even though the quit hazard fell" in caption
    assert "fewer layoffs" in caption and "redeployed" in caption
    assert "at risk of quitting" in caption


def _lever_rows(page: str) -> list[tuple[bool, str, list[str]]]:
    """(marked as differing, lever, values) of each row of the lever table."""
    levers = _section(page, "levers")
    rows = re.findall(
        r'<tr( class="differs")?><th scope="row"><code>([^<]+)</code>.*?</th>(.*?)</tr>',
        levers,
        re.S,
    )
    return [
        (bool(marked), name, [html.unescape(v) for v in re.findall(r">([^<]*)</td>", cells)])
        for marked, name, cells in rows
    ]


def _lever_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(getattr(value, "kind", value))


def test_the_lever_table_gives_every_lever_of_each_policy(page: str) -> None:
    rows = _lever_rows(page)
    assert [name for _, name, _ in rows] == ["kind", *LEVERS]
    policies = list(POLICIES.values())
    for marked, name, values in rows[1:]:
        expected = [_lever_value(mj.policies.levers(p)[name]) for p in policies]
        assert values == expected, name
        assert marked == (len(set(expected)) > 1), name
    assert rows[0][2] == ["Traditional employment", "Internal freelance"]


def test_an_arm_that_keeps_the_scenarios_policies_shows_each_company(
    tmp_path: Path, comparison: mj.Comparison, examples: dict[str, mj.RunResult]
) -> None:
    arms = {"traditional": None, FLEX: mj.InternalFreelance(bonus_share=0.02)}
    if "arms" in {f.name for f in attrs.fields(mj.Comparison)}:
        armed = attrs.evolve(comparison, arms=arms)
    else:  # until comparisons carry their arms
        fields = {f.name: getattr(comparison, f.name) for f in attrs.fields(mj.Comparison)}
        armed = type("Armed", (mj.Comparison,), {"arms": arms})(**fields)
    report.write_comparison(tmp_path, armed, examples, command="")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    levers = _section(page, "levers")
    for company in SCENARIO.companies:
        assert f"{company.name}</th>" in levers
    assert "has a column for each company" in levers
    rows = {name: values for _, name, values in _lever_rows(page)}
    assert rows["bonus_share"] == ["0", "0", "0.02"]
    assert rows["kind"] == ["Traditional employment"] * 2 + ["Internal freelance"]


def test_the_templates_ship_in_the_wheel() -> None:
    import tomllib
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["include"]
    folder = root / "microjob" / "report" / "templates"
    files = [p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file()]
    assert any(f.endswith("page.html") for f in files)
    for path in files:
        assert any(fnmatch(path, pattern) for pattern in include), path
    assert any(d.replace(" ", "").startswith("jinja2>=") for d in config["project"]["dependencies"])


def test_the_page_is_rendered_with_autoescape() -> None:
    from microjob.report import page as page_module

    env = page_module._environment()
    select = env.autoescape
    assert callable(select)
    names = env.list_templates()
    assert "page.html" in names
    for name in names:
        assert select(name), name
    escaped = env.from_string("{{ x }}").render(x="<b>&</b>")
    assert escaped == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_a_new_section_is_a_template_and_its_data() -> None:
    """What another report section needs: a template under sections/ and a Section."""
    from microjob.report import page as page_module
    from microjob.report.method import Method

    data = Method((page_module.Fact("Lever", "<b>bonus_share</b> & co"),), ("Why.",))
    extra = page_module.Section(
        "effect", "Where the effect comes from", "sections/method.html", data
    )
    page = page_module._render(page_module.Page("t", "k", "h", (), (extra,)))
    assert '<section id="effect">' in page
    assert "<h2>Where the effect comes from</h2>" in page
    assert '<a href="#effect">Where the effect comes from</a>' in page
    assert "&lt;b&gt;bonus_share&lt;/b&gt; &amp; co" in page and "<p>Why.</p>" in page


# ------------------------------------------------------------------ hostile names, identical arms


HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The page of two identical policies under names, companies and a scenario written in HTML."""
    companies = tuple(attrs.evolve(c, name=f"<i>{c.name}</i> & co") for c in SCENARIO.companies)
    scenario = attrs.evolve(
        SCENARIO, name="<em>hostile</em>", description=HOSTILE, companies=companies
    )
    policies = {
        "<b>one</b>": mj.TraditionalEmployment(),
        "two & <i>2</i>": mj.TraditionalEmployment(),
    }
    comparison = mj.compare(scenario, policies, replications=2, seed=3)
    run = mj.simulate(scenario, seed=replication_seeds(3, 1)[0], policy=mj.TraditionalEmployment())
    out = tmp_path_factory.mktemp("twins")
    command = "microjob compare --policies '<b>one</b>' & x"
    report.write_comparison(out, comparison, dict.fromkeys(policies, run), command=command)
    return (out / "report.html").read_text(encoding="utf-8")


def test_every_name_is_escaped(twins: str) -> None:
    text = _text(twins)
    for hostile in (
        HOSTILE,
        "<em>hostile</em>",
        "<i>company-A</i> & co",
        "<b>one</b>",
        "two & <i>2</i>",
        "microjob compare --policies '<b>one</b>' & x",
    ):
        assert hostile in text, hostile
    for raw in ("<script", "<b>bold</b>", "<i>company-A</i>", "<b>one</b>", "<i>2</i>"):
        assert raw not in twins, raw
    assert "<em>hostile</em>" not in twins
    (title,) = _elements(twins, "title")
    assert "<em>hostile</em>" in title and "<b>one</b> vs two & <i>2</i>" in title


def test_identical_policies_show_no_difference(twins: str) -> None:
    assert 'class="num clear"' not in twins and 'class="card clear"' not in twins
    text = _text(twins)
    assert "no difference (identical in every replication)" in text
    assert twins.count('class="num identical"') > 40
    assert "none of the key measures differed clearly" in text
    assert "no clear difference (the 95% interval includes zero)" not in text


# ------------------------------------------------------------------ one run, a sweep, errors


@pytest.fixture(scope="module")
def hostile_run() -> mj.RunResult:
    scenario = attrs.evolve(SCENARIO, description=HOSTILE)
    return mj.simulate(scenario, seed=2, policy=mj.InternalFreelance())


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory, hostile_run: mj.RunResult) -> Path:
    out = tmp_path_factory.mktemp("run")
    report.write_run(out, hostile_run, command="microjob run --out '<dir>' & x")
    return out


@pytest.fixture(scope="module")
def sweep_result() -> mj.SweepResult:
    return mj.sweep(SCENARIO, {"market.offer_rate_per_year": [0.5, 1.5]}, replications=2, seed=1)


@pytest.fixture(scope="module")
def sweep_out(tmp_path_factory: pytest.TempPathFactory, sweep_result: mj.SweepResult) -> Path:
    out = tmp_path_factory.mktemp("sweep")
    report.write_sweep(out, sweep_result, command="microjob sweep")
    return out


def test_write_run(run_out: Path, hostile_run: mj.RunResult) -> None:
    names = {p.relative_to(run_out).as_posix() for p in run_out.rglob("*") if p.is_file()}
    assert {"summary.csv", "spells.csv", "report.html", "figures/retention.png"} <= names
    summary = _csv(run_out / "summary.csv")
    assert len(summary) == 1 and summary["policy"][0] == FLEX
    for name, value in hostile_run.summary().as_dict().items():
        got = summary[name][0]
        assert got == value or (math.isnan(got) and math.isnan(value)), name

    page = (run_out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<b>bold</b>" not in page
    text = _text(page)
    assert HOSTILE in text
    assert "microjob run --out '<dir>' & x" in text
    (moved,) = _facts(page)["Redeployments (measured)"]
    shown = _show(hostile_run.summary().redeployments_per_employee_year, 3)
    assert f"{shown} per employee-year under internal freelance" in moved


def test_write_sweep(sweep_out: Path, sweep_result: mj.SweepResult) -> None:
    names = {p.relative_to(sweep_out).as_posix() for p in sweep_out.rglob("*") if p.is_file()}
    assert {"summary.csv", "runs.csv", "figures/sweep.png", "report.html"} <= names
    expected = sweep_result.aggregate().to_frame()
    expected.insert(0, "point", [int(x.split()[-1]) for x in expected["label"]])
    expected = expected.drop(columns=["label"])
    pd.testing.assert_frame_equal(_csv(sweep_out / "summary.csv"), expected, check_exact=True)
    pd.testing.assert_frame_equal(
        _csv(sweep_out / "runs.csv"), sweep_result.to_frame(), check_exact=True
    )
    page = (sweep_out / "report.html").read_text(encoding="utf-8")
    text = _text(page)
    assert (
        "At market.offer_rate_per_year = 1.5, compared with market.offer_rate_per_year = 0.5"
        in text
    )
    (measured,) = _facts(page)["Layoffs (measured)"]
    assert "across the grid points" in measured or "at every grid point" in measured
    assert "market.offer_rate_per_year" in _facts(page)["Changed by the grid"][0]


def _titles(page: str) -> list[str]:
    return _elements(page, "h2")


def test_the_reports_share_section_titles_labels_and_captions(
    page: str, run_out: Path, sweep_out: Path
) -> None:
    run_page = (run_out / "report.html").read_text(encoding="utf-8")
    sweep_page = (sweep_out / "report.html").read_text(encoding="utf-8")
    expected = ["Findings", "Figures", "Measures", "Policy levers", "Scenario and method", "Files"]
    for p in (page, run_page, sweep_page):
        assert _titles(p) == expected
        nav = re.search(r"<nav[^>]*>(.*?)</nav>", p, re.S)
        assert nav is not None and re.findall(r">([^<]+)</a>", nav.group(1)) == expected

    def heads(p: str) -> list[str]:
        return re.findall(r'<th scope="row">(.*?)</th>', _section(p, "measures"), re.S)

    assert heads(page) == heads(run_page) == heads(sweep_page)
    compare_captions = {t.split(".")[0] for t in _elements(page, "figcaption")}
    run_captions = {t.split(".")[0] for t in _elements(run_page, "figcaption")}
    assert {"Retention by tenure", "When people leave", "Why people leave"} <= (
        compare_captions & run_captions
    )
    # The policy has the same display name in both reports.
    assert _facts(run_page)["Policy"] == ["Internal freelance"]
    assert "Internal freelance" in _facts(page)["Policies"][0]


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


_PROBE = (
    "<script>addEventListener('load', () => { const imgs = [...document.images]; "
    "const shown = el => el.getBoundingClientRect().height > 0; "
    "document.title = 'loaded ' + imgs.filter(i => i.complete && i.naturalWidth > 0).length "
    "+ ' of ' + imgs.length "
    "+ '; sections ' + [...document.querySelectorAll('section')].filter(shown).length "
    "+ '; levers ' + [...document.querySelectorAll('#levers tbody tr')].filter(shown).length "
    "+ '; measures ' + [...document.querySelectorAll('#measures tbody th[scope=row]')]"
    ".filter(shown).length; });</script>"
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

    # Every <img> decoded and every section, lever and measure laid out: a copy of the
    # page reports the counts in its title.
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    done = _headless(
        binary, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()
    )
    title = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    n_images = page.count("<img ")
    assert title is not None, done.stderr[-2000:]
    n_sections = page.count("<section ")
    n_measures = len(FIELDS) + 1  # and the derived turnover cost plus bonuses
    assert title.group(1) == (
        f"loaded {n_images} of {n_images}; sections {n_sections}; levers {len(LEVERS) + 1}; "
        f"measures {n_measures}"
    )
    assert n_sections == 6
