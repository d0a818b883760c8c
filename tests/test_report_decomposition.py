"""The report of a lever decomposition, and its section "Where the effect comes from".

One short decomposition (the small preset cut to a 1-year warm-up and 2 measured
years, traditional employment to internal freelance over its three lever groups,
three replications) is written once per module; the tests read what landed on
disk. Seed 1 gives a clear total difference in 2-year retention, so the page has
something to attribute. A second decomposition, with levers and a scenario named
in HTML, checks escaping; a comparison given the first decomposition checks that
the section joins its report. The plain words are also checked on numbers made up
for the purpose, where what may be said is known. The last test renders the page
in headless Chromium, when a Chromium binary is installed.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob import report
from microjob.experiment import replication_seeds
from microjob.policies import LEVER_GROUPS
from microjob.report import decomposition as section

from .test_report import (
    HAS_TOML,
    MINUS,
    PNG_MAGIC,
    _chromium,
    _csv,
    _elements,
    _facts,
    _headless,
    _section,
    _show,
    _text,
)

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
pd = pytest.importorskip("pandas")

SHORT = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
REPLICATIONS = 3
SEED = 1
COMMAND = "microjob decompose --preset small --replications 3 --seed 1 --out results"
LEVERS = ("internal-fills", "redeployment", "micro-jobs")


@pytest.fixture(scope="module")
def dec() -> mj.Decomposition:
    return mj.decompose(SHORT, replications=REPLICATIONS, seed=SEED)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, dec: mj.Decomposition) -> list[Path]:
    return report.write_decomposition(tmp_path_factory.mktemp("decompose"), dec, command=COMMAND)


@pytest.fixture(scope="module")
def out(written: list[Path]) -> Path:
    return written[-1].parent


@pytest.fixture(scope="module")
def page(out: Path) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


def _table_of(page: str, field: str) -> str:
    """The HTML from a measure's heading to the end of its table."""
    found = re.search(rf'<h3 id="decomposition-{field}">.*?</table>', page, re.S)
    assert found is not None, field
    return found.group(0)


def _rows(html: str) -> dict[str, list[str]]:
    """Each row of an attribution table: its name and the text of its cells."""
    rows = {}
    for name, cells in re.findall(
        r'<tr class="\w+"><th scope="row">(?:<em>)?([^<]+).*?</th>(.*?)</tr>', html, re.S
    ):
        rows[name] = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
    return rows


# ------------------------------------------------------------------ files


def test_the_files_are_written(out: Path, written: list[Path]) -> None:
    names = [p.relative_to(out).as_posix() for p in written]
    expected = ["decomposition.csv", "runs.csv", "figures/decomposition.png", "report.html"]
    assert [n for n in names if n != "scenario.toml"] == expected
    assert ("scenario.toml" in names) == HAS_TOML
    for path in written:
        assert path.is_file() and path.stat().st_size > 0
    assert (out / "figures" / "decomposition.png").read_bytes().startswith(PNG_MAGIC)


def test_decomposition_csv_is_the_table_of_the_headline_measures(
    out: Path, dec: mj.Decomposition
) -> None:
    expected = dec.table(list(section.MEASURES)).to_frame()
    got = _csv(out / "decomposition.csv")
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert set(got["method"]) == {"total", "shapley", "one-at-a-time"}
    assert set(got["measure"]) == set(section.MEASURES)
    assert len(got) == len(section.MEASURES) * (2 + 2 * len(LEVERS))


def test_runs_csv_has_one_row_per_run(out: Path, dec: mj.Decomposition) -> None:
    got = _csv(out / "runs.csv")
    assert len(got) == 2 ** len(LEVERS) * REPLICATIONS
    pd.testing.assert_frame_equal(got, dec.to_frame(), check_exact=True)


def test_scenario_toml_round_trips(out: Path) -> None:
    if not HAS_TOML:
        pytest.skip("Scenario.to_toml is not implemented yet")
    assert mj.Scenario.from_toml(out / "scenario.toml") == SHORT


def test_a_second_write_is_identical(
    tmp_path: Path, out: Path, written: list[Path], dec: mj.Decomposition
) -> None:
    again = report.write_decomposition(tmp_path, dec, command=COMMAND)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in written]
    for first, second in zip(written, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_bad_arguments_are_named(tmp_path: Path, dec: mj.Decomposition) -> None:
    with pytest.raises(TypeError, match="decomposition: must be a Decomposition"):
        report.write_decomposition(tmp_path, "dec", command="")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="command: must be a string"):
        report.write_decomposition(tmp_path, dec, command=None)  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


# ------------------------------------------------------------------ the page


def test_the_page_has_its_sections_in_order(page: str) -> None:
    expected = [
        "Findings",
        "Where the effect comes from",
        "Measures",
        "Policy levers",
        "Scenario and method",
        "Files",
    ]
    assert _elements(page, "h2") == expected
    text = _text(page)
    assert report.QUESTION in text and COMMAND in text
    assert "describe the model, not real firms" in text
    facts = _facts(page)
    assert facts["Levers"] == [", ".join(LEVERS)]
    assert "3 replications of each of the 8 combinations of 3 levers" in facts["Design"][0]
    assert facts["Replications"] == ["3 per combination (24 runs)"]


def test_the_section_says_what_is_decomposed_and_how(page: str, dec: mj.Decomposition) -> None:
    body = _section(page, "decomposition")
    first, second = (" ".join(p.split()) for p in _elements(body, "p")[:2])
    assert first.startswith(
        "The difference between Traditional employment and Internal freelance is attributed "
        "to 3 levers, internal-fills (internal_fill_share, internal_candidates_seen); "
        "redeployment ("
    )
    for lever, attributes in dec.levers.items():
        assert f"<strong>{lever}</strong>" in body
        for a in attributes:
            assert f"<code>{a}</code>" in body
    assert "every one of the 8 combinations of the levers was run 3 times" in first
    assert "common random numbers" in first
    # Shapley values and one-at-a-time effects, in two sentences.
    assert second.count(". ") == 1 and second.endswith(".")
    assert "one-at-a-time effect is the difference it makes when it alone is switched" in second
    assert "Shapley value is the difference it makes averaged over every order" in second
    (figure,) = _elements(body, "figcaption")
    assert figure.startswith("Where the effect comes from. One panel per measure.")
    assert body.count("<img ") == 1


def _shown(field: str, value: float, *, signed: bool = True) -> str:
    info = mj.RunSummary.info(field)
    return _show(value * info.scale, info.decimals, signed=signed)


def _cell(field: str, row: mj.Attribution) -> str:
    """A table cell's text: the mean, then its interval."""
    low = _shown(field, row.ci_low, signed=False)
    high = _shown(field, row.ci_high, signed=False)
    return f"{_shown(field, row.mean)} {low} to {high}"


def test_each_measure_has_a_table_of_the_attributions(page: str, dec: mj.Decomposition) -> None:
    for field in section.MEASURES:
        table = dec.table([field])
        rows = _rows(_table_of(page, field))
        assert list(rows) == ["Total difference", *LEVERS, "Interaction"]

        total = table.get("total:total", field)
        assert rows["Total difference"][0] == rows["Total difference"][2] == _cell(field, total)
        clear = total.ci_low > 0 or total.ci_high < 0
        for lever in LEVERS:
            shapley = table.get(f"{lever}:shapley", field)
            alone = table.get(f"{lever}:one-at-a-time", field)
            assert rows[lever][0] == _cell(field, shapley), (field, lever)
            assert rows[lever][2] == _cell(field, alone), (field, lever)
            share = f"{_show(100 * shapley.share, 0)}%" if clear else "\u2014"
            assert rows[lever][1] == share, (field, lever)
        interaction = table.get("interaction:one-at-a-time", field)
        assert rows["Interaction"] == ["\u2014", "", _cell(field, interaction)]


def test_the_plain_words_name_the_lever_with_the_largest_shapley_value(
    page: str, dec: mj.Decomposition
) -> None:
    said_most = False
    for field in section.MEASURES:
        table = dec.table([field])
        shapley = {x: table.get(f"{x}:shapley", field) for x in LEVERS}
        top = max(LEVERS, key=lambda x: abs(shapley[x].mean))
        paragraph = " ".join(_elements(_table_of(page, field), "p")[1].split())
        total = table.get("total:total", field)
        top_clear = shapley[top].ci_low > 0 or shapley[top].ci_high < 0
        total_clear = total.ci_low > 0 or total.ci_high < 0
        if total_clear and top_clear and shapley[top].mean * total.mean > 0:
            assert f"The lever \u201c{top}\u201d accounts for" in paragraph, field
            said_most = True
        else:
            assert "accounts for" not in paragraph, field
            assert "largest Shapley value" in paragraph and f"\u201c{top}\u201d" in paragraph
        every = "The 95% interval of every lever's Shapley value includes zero" in paragraph
        for lever in LEVERS:
            includes_zero = shapley[lever].ci_low <= 0 <= shapley[lever].ci_high
            named = every or re.search(
                rf"intervals? of [^.]*\u201c{lever}\u201d[^.]* includes? zero", paragraph
            )
            assert bool(named) == includes_zero, (field, lever, paragraph)
        assert "The interaction (the total minus the one-at-a-time effects) is" in paragraph
    assert said_most, "seed 1 gives a clear difference in 2-year retention"
    retention = " ".join(_elements(_table_of(page, "retention_2y"), "p")[1].split())
    assert "accounts for most of it: a Shapley value of" in retention
    findings = _text(_section(page, "findings"))
    assert "Of the difference in 2-year retention" in findings
    assert "\u201cmicro-jobs\u201d accounts for most" in findings


def test_the_measures_table_compares_the_two_ends(page: str, dec: mj.Decomposition) -> None:
    measures = _section(page, "measures")
    row = re.search(r"<th scope=\"row\">2-year retention<.*?</tr>", measures, re.S)
    assert row is not None
    total = dec.table(["retention_2y"]).get("total:total", "retention_2y")
    assert f">{_shown('retention_2y', total.mean)}<" in row.group(0)
    levers = _section(page, "levers")
    assert "Traditional employment</th>" in levers and "Internal freelance</th>" in levers


# ------------------------------------------------------------------ plain words on made-up numbers


def _interval(mean: float, low: float, high: float, n: int = 5) -> report._Interval:
    return report._Interval(mean, low, high, n)


def _effects(
    total: report._Interval,
    shapley: list[report._Interval],
    alone: list[report._Interval],
    interaction: report._Interval,
    values: list[list[float]],
) -> section._Effects:
    return section._Effects(
        report.Measure.of("retention_2y"),
        total,
        tuple(shapley),
        tuple(alone),
        interaction,
        np.array(values),
        1.0,
    )


NAMES = section._Names("Traditional employment", "Internal freelance")


def test_a_lever_accounts_for_a_difference_only_when_the_numbers_say_so() -> None:
    clear = _effects(
        _interval(0.10, 0.08, 0.12),
        [_interval(0.07, 0.05, 0.09), _interval(0.03, -0.01, 0.07)],
        [_interval(0.06, 0.04, 0.08), _interval(0.02, -0.02, 0.06)],
        _interval(0.02, -0.03, 0.07),
        [[0.06, 0.07, 0.08, 0.07, 0.07], [0.01, 0.05, 0.02, 0.04, 0.03]],
    )
    text = section._paragraph(clear, ["big", "small"], NAMES, 5)
    assert text.startswith(
        "Switching from traditional employment to internal freelance changed 2-year "
        "retention by +10.0 pp (95% CI 8.0 to 12.0)."
    )
    assert (
        "The lever \u201cbig\u201d accounts for most of it: a Shapley value of +7.0 pp (70%" in text
    )
    assert "its lead over \u201csmall\u201d is clear" in text
    assert "The 95% interval of the Shapley value of \u201csmall\u201d includes zero" in text
    assert "The interval of \u201cbig\u201d excludes zero." in text
    assert "The interaction (the total minus the one-at-a-time effects) is +2.0 pp" in text
    assert "20% of the total" in text and "cannot tell whether" in text

    # A total whose interval includes zero: nothing accounts for it, no share is given.
    unclear = attrs.evolve(clear, total=_interval(0.10, -0.02, 0.22))
    text = section._paragraph(unclear, ["big", "small"], NAMES, 5)
    assert "includes zero: there is no clear difference to attribute" in text
    assert "accounts for" not in text and "of the total" not in text
    assert "The lever with the largest Shapley value is \u201cbig\u201d, at +7.0 pp" in text

    # The largest lever's interval includes zero: it is not said to account for anything.
    vague = attrs.evolve(clear, shapley=(_interval(0.07, -0.01, 0.15), clear.shapley[1]))
    text = section._paragraph(vague, ["big", "small"], NAMES, 5)
    assert "accounts for" not in text
    assert "The 95% interval of every lever's Shapley value includes zero" in text

    # A clear interaction, larger than the total.
    tangled = attrs.evolve(clear, interaction=_interval(-0.15, -0.2, -0.1))
    text = section._paragraph(tangled, ["big", "small"], NAMES, 5)
    assert (
        f"is {MINUS}15.0 pp (95% CI {MINUS}20.0 to {MINUS}10.0, {MINUS}150% of the total)" in text
    )
    assert "larger in size than the total itself" in text
    assert "clearly different amount than the sum of switching each alone" in text


def test_the_plain_words_of_edge_cases() -> None:
    nothing = _effects(
        report._Interval(0.0, 0.0, 0.0, 3, constant=True),
        [report._Interval(0.0, 0.0, 0.0, 3, constant=True)] * 2,
        [report._Interval(0.0, 0.0, 0.0, 3, constant=True)] * 2,
        report._Interval(0.0, 0.0, 0.0, 3, constant=True),
        [[0.0] * 3, [0.0] * 3],
    )
    text = section._paragraph(nothing, ["a", "b"], NAMES, 3)
    assert "the same in every replication: there is nothing to attribute" in text
    single = _effects(
        _interval(0.1, math.nan, math.nan, 1),
        [_interval(0.1, math.nan, math.nan, 1)],
        [_interval(0.1, math.nan, math.nan, 1)],
        _interval(0.0, math.nan, math.nan, 1),
        [[0.1]],
    )
    text = section._paragraph(single, ["a"], NAMES, 1)
    assert "no confidence intervals" in text and "accounts for" not in text
    one = attrs.evolve(
        single, total=_interval(0.1, 0.05, 0.15), shapley=(_interval(0.1, 0.05, 0.15),)
    )
    text = section._paragraph(one, ["a"], NAMES, 5)
    assert "With one lever, its Shapley value and its one-at-a-time effect are both" in text


# ------------------------------------------------------------------ names in HTML


HOSTILE_LEVER = "<b>fills</b> & $x"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    scenario = attrs.evolve(SHORT, name="<em>hostile</em>", description="<script>x</script> & co")
    rest = LEVER_GROUPS["redeployment"] + LEVER_GROUPS["micro-jobs"]
    dec = mj.decompose(
        scenario,
        levers={HOSTILE_LEVER: LEVER_GROUPS["internal-fills"], "rest <i>": rest},
        replications=2,
        seed=3,
    )
    out = tmp_path_factory.mktemp("hostile")
    report.write_decomposition(out, dec, command="microjob decompose --levers '<b>' & x")
    assert (out / "figures" / "decomposition.png").read_bytes().startswith(PNG_MAGIC)
    return (out / "report.html").read_text(encoding="utf-8")


def test_every_name_is_escaped(hostile_page: str) -> None:
    for raw in ("<b>fills</b>", "<i>", "<em>hostile</em>", "<script", "<b>'"):
        assert raw not in hostile_page, raw
    text = _text(hostile_page)
    for name in (HOSTILE_LEVER, "rest <i>", "<em>hostile</em>", "<script>x</script> & co"):
        assert name in text, name
    body = _section(hostile_page, "decomposition")
    assert "<strong>&lt;b&gt;fills&lt;/b&gt; &amp; $x</strong>" in body
    assert '<th scope="row">&lt;b&gt;fills&lt;/b&gt; &amp; $x<span' in body
    assert '<th scope="row">rest &lt;i&gt;<span' in body
    (title,) = _elements(hostile_page, "title")
    assert "<em>hostile</em>" in title


# ------------------------------------------------------------------ in a comparison


@attrs.frozen
class _Compared:
    out: Path
    written: list[Path]
    comparison: mj.Comparison
    examples: dict[str, mj.RunResult]


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory, dec: mj.Decomposition) -> _Compared:
    policies = {
        "traditional": mj.TraditionalEmployment(),
        "internal-freelance": mj.InternalFreelance(),
    }
    comparison = mj.compare(SHORT, list(policies.values()), replications=REPLICATIONS, seed=SEED)
    seed = replication_seeds(SEED, 1)[0]
    examples = {p: mj.simulate(SHORT, seed=seed, policy=policies[p]) for p in comparison.policies}
    out = tmp_path_factory.mktemp("compare")
    written = report.write_comparison(
        out, comparison, examples, command="microjob compare", decomposition=dec
    )
    return _Compared(out, written, comparison, examples)


def test_a_comparison_shows_the_section_when_given_a_decomposition(compared: _Compared) -> None:
    out, written, comparison = compared.out, compared.written, compared.comparison
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"decomposition.csv", "figures/decomposition.png", "summary.csv"} <= names
    page = (out / "report.html").read_text(encoding="utf-8")
    titles = _elements(page, "h2")
    assert titles[:3] == ["Findings", "Where the effect comes from", "Figures"]
    # The total of the decomposition is the comparison's paired difference, shown alike.
    d = comparison.differences().get("internal-freelance", "retention_2y")
    rows = _rows(_table_of(page, "retention_2y"))
    assert rows["Total difference"][0].split()[0] == _shown("retention_2y", d.mean)
    files = _section(page, "files")
    assert "decomposition.csv" in files and "figures/decomposition.png" in files


def test_a_comparison_refuses_a_decomposition_of_another_scenario(
    tmp_path: Path, compared: _Compared
) -> None:
    comparison, examples = compared.comparison, compared.examples
    other = mj.decompose(
        attrs.evolve(SHORT, horizon_years=1.0),
        to=mj.InternalFreelance.redeployment_only(),
        replications=1,
        seed=1,
    )
    with pytest.raises(ValueError, match="decomposition: was run on another scenario"):
        report.write_comparison(tmp_path, comparison, examples, command="", decomposition=other)
    with pytest.raises(TypeError, match="decomposition: must be a Decomposition"):
        report.write_comparison(
            tmp_path,
            comparison,
            examples,
            command="",
            decomposition="x",  # type: ignore[arg-type]
        )
    assert not any(tmp_path.iterdir())


# ------------------------------------------------------------------ rendering in Chromium


_PROBE = (
    "<script>addEventListener('load', () => { const imgs = [...document.images]; "
    "const shown = el => el.getBoundingClientRect().height > 0; "
    "const fig = document.querySelector('#decomposition figure img'); "
    "document.title = 'loaded ' + imgs.filter(i => i.complete && i.naturalWidth > 0).length "
    "+ ' of ' + imgs.length "
    "+ '; sections ' + [...document.querySelectorAll('section')].filter(shown).length "
    "+ '; attribution rows ' + [...document.querySelectorAll('#decomposition table.attribution "
    "tbody tr')].filter(shown).length "
    "+ '; figure ' + (fig && fig.naturalWidth > 0 && shown(fig) ? 'shown' : 'missing'); "
    "});</script>"
)


def test_chromium_renders_the_page(out: Path, page: str, tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium binary found (install it with: apt-get install chromium)")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    done = _headless(
        binary, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()
    )
    title = re.search(r"<title>(.*?)</title>", done.stdout, re.S)
    assert title is not None, done.stderr[-2000:]
    n_images = page.count("<img ")
    rows = len(section.MEASURES) * (len(LEVERS) + 2)
    assert title.group(1) == (
        f"loaded {n_images} of {n_images}; sections 6; attribution rows {rows}; figure shown"
    )

    shot = tmp_path / "screenshot.png"
    _headless(
        binary,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,3000",
        (out / "report.html").as_uri(),
    )
    assert shot.is_file()
    from matplotlib.image import imread

    pixels = (imread(shot)[..., :3] * 255).round().astype(int)
    # The figure's Shapley bars (sky blue) and one-at-a-time diamonds (vermillion) in view.
    for colour in ("#56B4E9", "#D55E00"):
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        near = int(np.all(np.abs(pixels - rgb) <= 24, axis=-1).sum())
        assert near > 200, (colour, near)
