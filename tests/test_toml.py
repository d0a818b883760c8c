"""Scenario files: exact round trips, the commented template, readable errors, the docs page."""

from __future__ import annotations

import math
import pickle
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microjob as mj
from microjob import _toml
from microjob._toml import ScenarioFileError
from microjob.scenario import build_scenario
from microjob.testing import skill_catalogs as catalogs

from .strategies import internal_freelance, scenarios

ROOT = Path(__file__).resolve().parent.parent
PRESETS = mj.scenarios.names()
PRESET_TEXTS = {name: getattr(mj.scenarios, name)().to_toml_string() for name in PRESETS}


def _load_error(text: str) -> ScenarioFileError:
    with pytest.raises(ScenarioFileError) as info:
        mj.Scenario.from_toml_string(text)
    return info.value


def _three_companies() -> mj.Scenario:
    """Two traditional companies and an internal-freelance one (index 2)."""
    return build_scenario(
        "three",
        [mj.TraditionalEmployment(), mj.TraditionalEmployment(), mj.InternalFreelance()],
        employees_per_company=20,
        roles_per_company=2,
    )


def _document(scenario: mj.Scenario) -> dict[str, Any]:
    return tomllib.loads(scenario.to_toml_string())


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("name", PRESETS)
def test_presets_round_trip_through_text(name: str) -> None:
    s = getattr(mj.scenarios, name)()
    text = s.to_toml_string()
    assert mj.Scenario.from_toml_string(text) == s
    assert mj.Scenario.from_toml_string(text).to_toml_string() == text


@pytest.mark.parametrize("name", PRESETS)
def test_presets_round_trip_through_files(name: str, tmp_path: Path) -> None:
    s = getattr(mj.scenarios, name)()
    path = tmp_path / f"{name}.toml"
    s.to_toml(path)
    assert mj.Scenario.from_toml(path) == s
    assert mj.Scenario.from_toml(str(path)) == s
    assert path.read_bytes().decode("utf-8") == s.to_toml_string()


@given(scenarios())
def test_generated_scenarios_round_trip(s: mj.Scenario) -> None:
    assert mj.Scenario.from_toml_string(s.to_toml_string()) == s


# Any text but NUL: build_scenario draws role skills through a numpy string array,
# which drops trailing NULs.
names = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12
).filter(lambda x: x.strip() != "")


@settings(max_examples=max(1, settings.default.max_examples // 2))  # about 0.4 s an example
@given(
    catalogs(),
    names,
    st.text(max_size=40),
    st.lists(names, min_size=1, max_size=3, unique=True),
    internal_freelance,
    st.floats(0.0, 200.0),
)
def test_arbitrary_text_and_catalogs_round_trip(
    catalog: mj.SkillCatalog,
    name: str,
    description: str,
    company_names: list[str],
    policy: mj.InternalFreelance,
    warmup: float,
) -> None:
    s = build_scenario(
        name,
        [policy] * len(company_names),
        employees_per_company=10,
        roles_per_company=2,
        catalog=catalog,
        description=description,
        warmup_years=warmup,
    )
    s = attrs.evolve(
        s,
        companies=[
            attrs.evolve(c, name=n) for c, n in zip(s.companies, company_names, strict=True)
        ],
    )
    text = s.to_toml_string()
    assert mj.Scenario.from_toml_string(text) == s
    assert "[catalog]" in text
    assert mj.Scenario.from_toml_string(_toml.template(s)) == s


def test_default_catalog_is_written_by_name() -> None:
    text = mj.scenarios.small().to_toml_string()
    assert 'catalog = "default"' in text
    assert "[catalog]" not in text
    assert mj.Scenario.from_toml_string(text).catalog == mj.SkillCatalog.default()


def test_the_default_catalog_can_be_written_in_full(tmp_path: Path) -> None:
    s = mj.scenarios.small()
    text = s.to_toml_string(full_catalog=True)
    assert "[catalog]" in text and "# statistics" in text
    assert mj.Scenario.from_toml_string(text) == s
    assert mj.Scenario.from_toml_string(_toml.template(s, full_catalog=True)) == s
    s.to_toml(tmp_path / "full.toml", full_catalog=True)
    assert (tmp_path / "full.toml").read_text("utf-8") == text


def test_other_catalogs_are_written_in_full_one_row_per_line() -> None:
    catalog = mj.SkillCatalog.from_families({"data": ["a", "b"], "people": ["c"]})
    s = build_scenario("c", [mj.TraditionalEmployment()], roles_per_company=1, catalog=catalog)
    text = s.to_toml_string()
    assert "    [1.0, 0.3, 0.0], # a\n" in text
    assert '    {name = "c", family = "people"},\n' in text
    assert mj.Scenario.from_toml_string(text) == s


def test_floats_are_exact() -> None:
    s = mj.scenarios.small()
    tricky = (0.1 + 0.2, 5e-324, 1e-300, 1 / 3, 0.30000000000000004, 2.0**-1074 * 3)
    market = attrs.evolve(s.market, layoff_rate_monthly=tricky[0], skill_price_sd=tricky[1])
    learning = attrs.evolve(s.learning, learning_rate_per_week=tricky[2])
    s = attrs.evolve(s, market=market, learning=learning, warmup_years=tricky[3])
    back = mj.Scenario.from_toml_string(s.to_toml_string())
    assert back == s
    assert back.market.layoff_rate_monthly.hex() == tricky[0].hex()


def test_emitter_writes_every_toml_shape() -> None:
    doc = {
        "text": 'quote " backslash \\ tab \t newline \n bell \x07 del \x7f é 😀',
        "big": 2**63 - 1,
        "small": -(2**63),
        "floats": [math.inf, -math.inf, -0.0, 1e300, 1.5e-7],
        "flag": False,
        "weird key.with dots": 1,
        "": "empty key",
        "empty": [],
        "table": {"inner": {"x": 1}, "rows": [[1.0, 2.0], [3.0, 4.0]]},
        "items": [{"a": 1}, {"a": 2, "nested": {"b": "c"}}],
    }
    text = _toml.dumps(doc)
    assert tomllib.loads(text) == doc
    assert math.isnan(tomllib.loads(_toml.dumps({"x": math.nan}))["x"])
    assert "-0.0" in text and "-inf" in text


def test_emitter_refuses_what_toml_cannot_hold() -> None:
    with pytest.raises(ValueError, match="64-bit"):
        _toml.dumps({"x": 2**63})
    with pytest.raises(ValueError, match="surrogate"):
        _toml.dumps({"x": "\ud800"})
    with pytest.raises(TypeError, match="None"):
        _toml.dumps({"x": None})


def test_custom_matchers_cannot_be_written() -> None:
    class Lottery:
        def choose(self, fit: Any, interest: Any, rng: Any) -> int:
            return 0

    s = mj.scenarios.small().with_policy(mj.InternalFreelance(matcher=Lottery()))
    with pytest.raises(ValueError, match="cannot write"):
        s.to_toml_string()


# ------------------------------------------------------------------ template


@pytest.mark.parametrize("name", PRESETS)
def test_template_loads_back_to_the_same_scenario(name: str) -> None:
    s = getattr(mj.scenarios, name)()
    assert mj.Scenario.from_toml_string(_toml.template(s)) == s


@settings(max_examples=max(1, settings.default.max_examples // 2))  # about 0.4 s an example
@given(scenarios(max_companies=2))
def test_template_of_generated_scenarios_loads_back(s: mj.Scenario) -> None:
    assert mj.Scenario.from_toml_string(_toml.template(s)) == s


def _key_lines(text: str) -> list[tuple[str, str, bool]]:
    """(table header, key, has a comment above) for each key outside multi-line arrays."""
    out, header, in_array, prev = [], "", False, ""
    for line in text.splitlines():
        if in_array:
            in_array = line != "]"
        elif re.fullmatch(r"\[\[?[\w.]+\]\]?", line):
            header = line
        elif "=" in line and not line.startswith("#"):
            out.append((header, line.split(" = ")[0], prev.startswith("#")))
            in_array = line.endswith("= [")
        prev = line
    return out


def test_template_comments_the_first_occurrence_of_every_key() -> None:
    text = _toml.template(mj.scenarios.mixed())
    same = {"[outside]": "[[companies]]", "[outside.policy]": "[companies.policy]"}
    first: dict[tuple[str, str], bool] = {}
    for header, key, commented in _key_lines(text):
        first.setdefault((same.get(header, header), key), commented)
    assert len(first) > 80
    assert all(first.values()), [k for k, commented in first.items() if not commented]
    assert "# Layoffs and discharges per employee and month" in text
    assert "# Allowed: [0, 1]. Default: 0.00216." in text
    assert '"internal-freelance" (InternalFreelance' in text
    assert text.startswith("# microjob scenario 'mixed': ")


# -------------------------------------------------------------------- errors


def test_out_of_range_value_names_its_path() -> None:
    text = _three_companies().to_toml_string().replace("time_share = 0.2", "time_share = 1.5")
    exc = _load_error(text)
    assert exc.problems == ["companies[2].policy.time_share: must be between 0 and 1, got 1.5"]
    assert str(exc) == "<string>: companies[2].policy.time_share: must be between 0 and 1, got 1.5"


def test_unknown_key_suggests_the_closest_name() -> None:
    text = PRESET_TEXTS["small"].replace("\noffer_rate_per_year =", "\noffer_rat =")
    assert _load_error(text).problems == [
        "unknown key 'offer_rat' in market; did you mean 'offer_rate_per_year'?"
    ]


def test_unknown_key_without_a_close_name() -> None:
    text = PRESET_TEXTS["small"] + "\n[mindset.zzz]\n"
    text = text.replace("[mindset]\n", "[mindset]\nqqqqqqqq = 1\n")
    assert _load_error(text).problems == [
        "unknown key 'qqqqqqqq' in mindset",
        "unknown key 'zzz' in mindset",
    ]


def test_unknown_top_level_key() -> None:
    text = "compnies = 1\n" + PRESET_TEXTS["small"].split("\n", 3)[3]
    assert _load_error(text).problems == ["unknown key 'compnies'; did you mean 'companies'?"]


def test_key_of_the_other_policy_kind() -> None:
    doc = _document(mj.scenarios.small())
    doc["companies"][0]["policy"]["time_share"] = 0.1
    assert _load_error(_toml.dumps(doc)).problems == [
        "unknown key 'time_share' in companies[0].policy; "
        "it is a key of kind 'internal-freelance', not 'traditional'"
    ]


def test_missing_required_keys() -> None:
    doc = _document(mj.scenarios.small())
    del doc["companies"]
    del doc["outside"]["roles"]
    del doc["name"]
    assert _load_error(_toml.dumps(doc)).problems == [
        "missing key 'name'",
        "missing key 'companies'",
        "missing key 'roles' in outside",
    ]


def test_missing_policy_kind() -> None:
    doc = _document(mj.scenarios.small())
    del doc["companies"][1]["policy"]["kind"]
    assert _load_error(_toml.dumps(doc)).problems == ["missing key 'kind' in companies[1].policy"]


def test_wrong_types() -> None:
    doc = _document(mj.scenarios.mixed())
    doc["market"]["offer_rate_per_year"] = "fast"
    doc["population"]["outside_workers"] = 12.5
    doc["companies"][1]["policy"]["redeployment"] = 1
    doc["companies"][0]["name"] = 7
    doc["companies"][0]["roles"][1]["skills"]["devops"] = [1]
    doc["quality"] = 3
    doc["outside"]["roles"] = "none"
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[0].name: must be a string, got 7",
        "companies[0].roles[1].skills.devops: must be a number, got an array",
        "companies[1].policy.redeployment: must be true or false, got 1",
        "outside.roles: must be an array, got 'none'",
        "population.outside_workers: must be a whole number, got 12.5",
        "market.offer_rate_per_year: must be a number, got 'fast'",
        "quality: must be a table, got 3",
    ]


def test_unknown_policy_kind() -> None:
    doc = _document(mj.scenarios.small())
    doc["companies"][0]["policy"]["kind"] = "gig"
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[0].policy.kind: must be one of 'traditional', 'internal-freelance', got 'gig'"
    ]


def test_matcher_errors() -> None:
    doc = _document(mj.scenarios.mixed())
    doc["companies"][1]["policy"]["matcher"] = "best_fit"
    doc["companies"][3]["policy"]["matcher"] = {"kind": "oldest"}
    assert _load_error(_toml.dumps(doc)).problems == [
        'companies[1].policy.matcher: must be a matcher table such as { kind = "best_fit" }, '
        "got 'best_fit'",
        "companies[3].policy.matcher.kind: must be one of 'best_fit', 'most_interested', "
        "'random', got 'oldest'",
    ]


def test_toml_syntax_errors_give_line_and_column(tmp_path: Path) -> None:
    assert str(_load_error('name = "x"\n\nfoo bar = 1\n')) == (
        "<string>: invalid TOML: Expected '=' after a key in a key/value pair (at line 3, column 5)"
    )
    path = tmp_path / "scenario.toml"
    path.write_text('name = "x"\n\nfoo bar = 1\n', "utf-8")
    with pytest.raises(ScenarioFileError) as info:
        mj.Scenario.from_toml(path)
    assert str(info.value) == (
        f"{path}: invalid TOML: Expected '=' after a key in a key/value pair (at line 3, column 5)"
    )
    assert info.value.source == str(path)


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Müller"\n'.encode("latin-1"))
    with pytest.raises(ScenarioFileError, match=r"invalid TOML: not UTF-8 text"):
        mj.Scenario.from_toml(path)


def test_every_problem_is_listed_one_per_line() -> None:
    doc = _document(_three_companies())
    doc["warmup_years"] = -1
    doc["companies"][2]["policy"]["time_share"] = 1.5
    doc["companies"][2]["policy"]["bonus_share"] = -0.5
    doc["market"]["offer_rat"] = 1.0
    doc["gigs"]["duration_log_sd"] = math.nan
    exc = _load_error(_toml.dumps(doc))
    assert exc.problems == [
        "companies[2].policy.time_share: must be between 0 and 1, got 1.5",
        "companies[2].policy.bonus_share: must be between 0 and 1, got -0.5",
        "unknown key 'offer_rat' in market; did you mean 'offer_rate_per_year'?",
        "gigs.duration_log_sd: must be a number, got NaN",
        "warmup_years: must be between 0 and 200, got -1.0",
    ]
    assert str(exc).splitlines() == ["<string>: 5 problems", *(f"  {p}" for p in exc.problems)]


def test_checks_across_keys_name_their_path() -> None:
    doc = _document(mj.scenarios.small())
    doc["population"]["age_min_years"] = 70
    doc["companies"][1]["name"] = doc["companies"][0]["name"]
    doc["companies"][0]["roles"][0]["skills"] = {"telepathy": 1.0}
    doc["companies"][1]["roles"][1]["skills"] = {"statistics": -2.0}
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[1].roles[1].skills.statistics: weight must be a number > 0 and <= 1e+09, "
        "got -2.0",
        "population.age_min_years: must be <= age_max_years (65.0), got 70.0",
    ]
    doc = _document(mj.scenarios.small())
    doc["companies"][1]["name"] = doc["companies"][0]["name"]
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[1].name: duplicate company name 'company-A'"
    ]
    doc = _document(mj.scenarios.small())
    doc["companies"][0]["roles"][0]["skills"] = {"telepathy": 1.0}
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[0].roles[0].skills: unknown skill 'telepathy' (not in the scenario's catalog)"
    ]


def test_outside_market_flags() -> None:
    doc = _document(mj.scenarios.small())
    doc["outside"]["outside_market"] = False
    assert _load_error(_toml.dumps(doc)).problems == [
        "outside.outside_market: must be true for the outside market, got false"
    ]
    doc = _document(mj.scenarios.small())
    doc["companies"][1]["outside_market"] = True
    assert _load_error(_toml.dumps(doc)).problems == [
        "companies[1].outside_market: simulated companies must set it false"
    ]


def test_catalog_errors() -> None:
    doc = _document(mj.scenarios.small())
    doc["catalog"] = "big"
    assert _load_error(_toml.dumps(doc)).problems == [
        "catalog: must be \"default\" or a table with skills and similarity, got 'big'"
    ]
    catalog = mj.SkillCatalog.from_families({"data": ["a", "b"]})
    doc = _document(build_scenario("c", [mj.TraditionalEmployment()], catalog=catalog))
    doc["catalog"]["similarity"][0][1] = 0.5
    doc["catalog"]["skills"][1]["family"] = ""
    assert _load_error(_toml.dumps(doc)).problems == [
        "catalog.skills[1].family: must not be empty, got ''"
    ]
    doc["catalog"]["skills"][1]["family"] = "data"
    assert _load_error(_toml.dumps(doc)).problems == [
        "catalog.similarity[0][1]: matrix must be symmetric, got 0.5 but similarity[1][0] is 0.3"
    ]


def test_the_error_is_a_picklable_value_error() -> None:
    exc = _load_error(PRESET_TEXTS["small"].replace("time_share", "x").replace("= 300", "= -3"))
    assert isinstance(exc, ValueError)
    copy = pickle.loads(pickle.dumps(exc))
    assert (copy.source, copy.problems, str(copy)) == (exc.source, exc.problems, str(exc))


# ---------------------------------------------------------------------- fuzz

_SEGMENT = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*")'
_NAMES_A_PATH = re.compile(
    rf"invalid TOML: .+"
    rf"|missing key '.+'(?: in {_SEGMENT}.*)?"
    rf"|unknown key .+"
    rf"|{_SEGMENT}(?:\[\d+\]|\.{_SEGMENT})*: .+",
    re.DOTALL,
)

_VALUES = st.one_of(
    st.text(max_size=6),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(-5, 5), max_size=2),
)
_SYNTAX = st.sampled_from(["=", "[", "]", "[[", '"', "'", "{", "}", ",", "\n", "= =", "x y", "\\"])


def _slots(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        out.append((*path, key))
        if isinstance(value, dict | list):
            out.extend(_slots(value, (*path, key)))
    return out


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


_BASES = st.one_of(
    st.sampled_from(list(PRESET_TEXTS.values())),
    scenarios(max_companies=2).map(lambda s: s.to_toml_string()),
    st.builds(
        lambda c: build_scenario("c", [mj.InternalFreelance()], catalog=c).to_toml_string(),
        catalogs(),
    ),
)


@st.composite
def mutated_files(draw: st.DrawFn, how: str) -> str:
    """A valid scenario file with one mutation of the kind ``how``."""
    text = draw(_BASES)
    if how == "syntax":
        cut = draw(st.integers(0, len(text)))
        end = draw(st.integers(cut, min(len(text), cut + 3)))
        return text[:cut] + draw(_SYNTAX) + text[end:]
    doc = tomllib.loads(text)
    path = draw(st.sampled_from(_slots(doc)))
    parent = _parent(doc, path)
    if how == "type":
        parent[path[-1]] = draw(_VALUES)
    elif how == "range":
        parent[path[-1]] = draw(st.one_of(st.floats(), st.integers(-(10**6), 10**6)))
    elif how == "delete":
        del parent[path[-1]]
    elif how == "unknown":
        tables = [p for p in [(), *_slots(doc)] if isinstance(_parent(doc, (*p, None)), dict)]
        table = _parent(doc, (*draw(st.sampled_from(tables)), None))
        table[draw(st.text(min_size=1, max_size=8))] = draw(_VALUES)
    return _toml.dumps(doc)


@pytest.mark.parametrize("how", ["type", "range", "delete", "unknown", "syntax"])
@settings(max_examples=settings.default.max_examples * 2)  # cheap examples: twice as many
@given(data=st.data())
def test_mutated_files_fail_with_readable_problems(how: str, data: st.DataObject) -> None:
    text = data.draw(mutated_files(how))
    try:
        loaded = mj.Scenario.from_toml_string(text)
    except ScenarioFileError as exc:
        assert exc.problems
        assert str(exc).startswith("<string>: ")
        for line in exc.problems:
            assert _NAMES_A_PATH.fullmatch(line), line
        if exc.problems[0].startswith("invalid TOML: "):
            assert len(exc.problems) == 1
    else:
        assert isinstance(loaded, mj.Scenario)


# ---------------------------------------------------------------------- docs


def test_scenario_files_page_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_scenario_files.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (
        "docs/scenario-files.md is out of date; run `python docs/gen_scenario_files.py`.\n"
        + proc.stderr[-4000:]
    )
