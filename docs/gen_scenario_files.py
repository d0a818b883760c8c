"""Generate ``docs/scenario-files.md``: how a scenario looks as a TOML file.

The page is built from the package itself: the example and the error messages
are produced by ``microjob._toml`` on the spot, and the reference tables come
from the attrs classes and their field docstrings (read by
``microjob._fielddocs``, as for ``docs/parameters.md``).

Usage, from the repository root::

    python docs/gen_scenario_files.py           # (re)write docs/scenario-files.md
    python docs/gen_scenario_files.py --check   # exit 1 if the file is out of date
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import _pagegen  # docs/_pagegen.py: the --check command line of every page generator
import attrs

import microjob as mj
from microjob import _toml
from microjob._fielddocs import class_doc
from microjob.model import Skill
from microjob.policies import Matcher, Policy
from microjob.scenario import build_scenario

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "scenario-files.md"

# Submodel tables shortened in the example excerpt.
_SHORTENED = {"population", "market", "quality", "learning", "mindset", "gigs", "platform"}
_KEPT_KEYS = 3

# Units for fields whose name does not carry one.
_UNITS = {
    "Market.base_wage_per_year": "currency a year",
    "Market.skill_price_mean": "log-wage units",
    "Market.skill_price_sd": "log-wage units",
    "Market.active_search_threshold": "log-wage units",
    "Market.offer_premium_mean": "log-wage units",
    "Market.offer_premium_sd": "log-wage units",
    "Market.amenity_sd": "log-wage units",
    "Market.offer_quality_mean": "log-wage units",
    "Market.switching_cost": "log-wage units",
    "Market.switching_cost_per_embeddedness": "log-wage units",
    "Market.unemployed_wage_penalty": "log-wage units",
    "Market.external_hire_premium": "log-wage units",
    "Market.mover_offer_multiplier": "× offer rate",
    "Market.active_search_multiplier": "× offer rate",
    "JobQuality.interest_fit_weight": "log-wage units",
    "JobQuality.growth_weight": "log-wage units per unit of proficiency",
    "JobQuality.embeddedness_weight": "log-wage units",
    "JobQuality.match_sd": "log-wage units",
    "JobQuality.tie_preference": "fit score per micro-job",
    "Company.wage_level": "× market value",
    "Population.outside_workers": "workers",
    "Market.candidates_per_vacancy": "candidates",
    "TraditionalEmployment.internal_candidates_seen": "employees",
    "InternalFreelance.internal_candidates_seen": "employees",
    "Role.positions": "seats",
    "Role.skills": "relative weights",
    "Platform.projects_per_worker_year": "projects a year per person in the labour force",
    "Platform.reach": "members",
    "Platform.autonomy_value": "log-wage units",
    "Platform.rating_prior_good": "ratings",
    "Platform.rating_prior_bad": "ratings",
}
_SUFFIX_UNITS = (
    ("_per_employee_year", "per employee-year"),
    ("_per_year", "per year"),
    ("_per_week", "per full-time week"),
    ("_monthly", "per employee-month"),
    ("_years", "years"),
    ("_weeks", "weeks"),
    ("_share", "share of 1"),
)

# Where each class lives in a file, in page order: (class, key prefix, location).
_SECTIONS: tuple[tuple[type, str, str], ...] = (
    (mj.Scenario, "", "the top level of the file"),
    (mj.Company, "companies[].", "each `[[companies]]` table; `[outside]` has the same keys"),
    (mj.Role, "companies[].roles[].", "each inline table of a company's `roles` array"),
    (
        mj.TraditionalEmployment,
        "companies[].policy.",
        '`[companies.policy]` or `[outside.policy]` with `kind = "traditional"`',
    ),
    (
        mj.InternalFreelance,
        "companies[].policy.",
        '`[companies.policy]` with `kind = "internal-freelance"`',
    ),
    (mj.Population, "population.", "`[population]`"),
    (mj.Market, "market.", "`[market]`"),
    (mj.JobQuality, "quality.", "`[quality]`"),
    (mj.Learning, "learning.", "`[learning]`"),
    (mj.Mindset, "mindset.", "`[mindset]`"),
    (mj.GigDesign, "gigs.", "`[gigs]`"),
    (mj.Platform, "platform.", "`[platform]`"),
    (mj.SkillCatalog, "catalog.", '`[catalog]`, when the catalog is not `"default"`'),
    (Skill, "catalog.skills[].", "each inline table of the catalog's `skills` array"),
)


# ------------------------------------------------------------------ examples
def example_scenario() -> mj.Scenario:
    """A small scenario for the example: one internal-freelance company, two roles each."""
    s = build_scenario(
        "example",
        [mj.InternalFreelance(time_share=0.15, matcher=mj.MostInterested())],
        employees_per_company=40,
        roles_per_company=2,
        description="One internal-freelance company of 40 and a small outside market.",
    )
    outside = attrs.evolve(s.outside, roles=s.outside.roles[:2])
    return attrs.evolve(
        s,
        outside=outside,
        population=attrs.evolve(s.population, outside_workers=200),
        warmup_years=5.0,
        horizon_years=10.0,
    )


def excerpt(text: str) -> str:
    """The scenario file ``text`` with long submodel tables cut to their first keys."""
    out: list[str] = []
    table, kept, cut = "", 0, 0

    def flush() -> None:
        nonlocal cut
        if cut:
            out.append(f"# ... {cut} more keys")
            cut = 0

    for line in text.splitlines():
        header = re.fullmatch(r"\[\[?([\w.]+)\]\]?", line)
        if header or not line:
            flush()
        if header:
            table, kept = header.group(1), 0
        elif table in _SHORTENED and "=" in line and not line.startswith("#"):
            kept += 1
            if kept > _KEPT_KEYS:
                cut += 1
                continue
        out.append(line)
    flush()
    return "\n".join(out)


def catalog_example() -> str:
    """The ``[catalog]`` table of a scenario with a three-skill catalog."""
    catalog = mj.SkillCatalog.from_families(
        {"data": ["statistics", "visualisation"], "people": ["coaching"]},
        within_family=0.3,
    )
    s = build_scenario(
        "catalog",
        [mj.TraditionalEmployment()],
        employees_per_company=10,
        roles_per_company=1,
        catalog=catalog,
    )
    text = s.to_toml_string()
    return text[text.index("[catalog]") :].rstrip()


def arms_example() -> str:
    """The ``[arms.*]`` tables of a scenario with two arms (levers that differ from
    the kind's defaults only, as a person would write them)."""
    text = "\n".join(
        [
            "[arms.marketplace-30]",
            'kind = "internal-freelance"',
            "time_share = 0.3",
            "gigs_per_employee_year = 3.0",
            "",
            "[arms.micro-jobs-only]",
            'kind = "internal-freelance"',
            "internal_fill_share = 0.33",
            "internal_candidates_seen = 5",
            "redeployment = false",
        ]
    )
    loaded = mj.Scenario.from_toml_string(f"{example_scenario().to_toml_string()}\n{text}\n")
    assert list(loaded.arms) == ["marketplace-30", "micro-jobs-only"]
    return text


_BROKEN = """\
name = "broken"
warmup_years = "ten"

[[companies]]
name = "company-A"
roles = [{ name = "team", positions = 10, skills = { statistics = 1.0 } }]

[companies.policy]
kind = "internal-freelance"
time_share = 1.5

[[companies]]
name = "company-B"
roles = [{ name = "team", positions = 10, skills = { statistics = 1.0 } }]

[companies.policy]
kind = "gig"

[outside]
name = "outside market"
outside_market = true
roles = [{ name = "job", positions = 1, skills = { coaching = 1.0 } }]

[market]
offer_rat = 2.0
"""


def error_example() -> tuple[str, str]:
    """A broken file and the message loading it gives."""
    try:
        _toml.loads(_BROKEN, mj.Scenario, source="broken.toml")
    except _toml.ScenarioFileError as exc:
        return _BROKEN.rstrip(), str(exc)
    raise AssertionError("the broken example loaded")


def syntax_error_example() -> str:
    """The message for a file that is not TOML."""
    try:
        _toml.loads('name = "unterminated\n', mj.Scenario, source="scenario.toml")
    except _toml.ScenarioFileError as exc:
        return str(exc)
    raise AssertionError("the syntax example loaded")


# ------------------------------------------------------------------ reference
def toml_type(t: Any) -> str:
    """How a field type is written in TOML."""
    if t is float:
        return "float"
    if t is int:
        return "integer"
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t == Policy:
        return "table, tagged by `kind`"
    if t is Matcher:
        return "inline table, tagged by `kind`"
    if t is mj.SkillCatalog:
        return '`"default"` or a table'
    origin, args = get_origin(t), get_args(t)
    if origin is tuple and args[-1] is Ellipsis:
        item = args[0]
        if item is mj.Company:
            return "array of tables"
        if attrs.has(item):
            return "array of inline tables"
        inner = toml_type(item)  # "float" -> "array of floats"; "array of floats" -> arrays
        return f"array of {inner.replace('array', 'arrays') if 'array' in inner else inner + 's'}"
    if len(args) == 2 and args[0] is str and args[1] == Policy:
        return "tables of policies (`[arms.NAME]`)"
    if len(args) == 2 and args[0] is str:
        return f"inline table of {toml_type(args[1])}s"
    if attrs.has(t):
        return "table"
    return str(t)


def unit(cls: type, name: str) -> str:
    """The unit of a field, from its name or the table above."""
    key = f"{cls.__name__}.{name}"
    if key in _UNITS:
        return _UNITS[key]
    for suffix, text in _SUFFIX_UNITS:
        if name.endswith(suffix):
            return text
    return "—"


def default(a: attrs.Attribute[Any]) -> str:
    """A field's default as TOML (or "required", or "all defaults" for a table)."""
    if a.default is attrs.NOTHING:
        return "required"
    if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        value = a.default.factory()
        if isinstance(value, mj.SkillCatalog):
            return '`"default"`'
        if value == {}:
            return "none"
        if isinstance(value, mj.BestFit | mj.MostInterested | mj.RandomMatch):
            return f"`{_toml._inline(_toml.converter().unstructure(value))}`"
        return "table of defaults"
    if isinstance(a.default, str) and not a.default:
        return '`""`'
    return f"`{_toml._inline(a.default)}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def reference_rows(cls: type, prefix: str) -> Iterator[str]:
    """Markdown table rows, one per settable field of ``cls``."""
    doc = class_doc(cls)
    types = typing.get_type_hints(cls, localns={"Policy": Policy})
    for a in attrs.fields(cls):
        if not a.init:
            continue
        fdoc = doc.field(a.name) if doc else None
        meaning = fdoc.doc if fdoc and fdoc.doc else "—"
        allowed = fdoc.allowed if fdoc and not fdoc.allowed.startswith("checked by") else ""
        yield (
            f"| `{prefix}{a.name}` | {toml_type(types[a.name])} | {_cell(unit(cls, a.name))} "
            f"| {default(a)} | {_cell(allowed) or '—'} | {_cell(meaning.replace('``', '`'))} |"
        )


def _kind(cls: type) -> str:
    return str(attrs.fields_dict(cls)["kind"].default)


# ------------------------------------------------------------------- the page
def render() -> str:
    """The full text of ``docs/scenario-files.md``."""
    broken, message = error_example()
    lines = [
        "<!-- Generated by docs/gen_scenario_files.py from the microjob source; do not edit",
        "     by hand. Regenerate with: python docs/gen_scenario_files.py -->",
        "",
        "# Scenario files",
        "",
        "A scenario can be kept in a TOML file, edited by hand and loaded back:",
        "",
        "```python",
        "import microjob as mj",
        "",
        'mj.scenarios.baseline().to_toml("baseline.toml")',
        'scenario = mj.Scenario.from_toml("baseline.toml")',
        "assert scenario == mj.scenarios.baseline()",
        "```",
        "",
        "`Scenario.to_toml_string()` and `Scenario.from_toml_string(text)` do the same with",
        "text. Reading uses the standard library's `tomllib`, so loading a file never runs",
        "code. Writing is exact: floats are written as Python's `repr` writes them, so a",
        "written scenario loads back equal to the original, bit for bit. A file may leave",
        "out any key that has a default; it then takes that default. Unknown keys are",
        "errors, so a misspelt key cannot silently fall back to its default.",
        "",
        "`microjob._toml.template(scenario)` writes the same file with a comment above",
        "every key: its meaning, unit, allowed values and default, taken from the",
        "docstrings in the source (the ones [parameters.md](parameters.md) shows).",
        "",
        "## An example",
        "",
        "A scenario with one internal-freelance company, written by `to_toml_string()`",
        f"(the submodel tables are cut after {_KEPT_KEYS} keys here; a written file has",
        "them all):",
        "",
        "```toml",
        excerpt(example_scenario().to_toml_string()),
        "```",
        "",
        "## Layout",
        "",
        "Each class of the scenario has its own TOML table:",
        "",
        "| in the file | class | holds |",
        "| --- | --- | --- |",
        "| top-level keys | `Scenario` | `name`, `description`, `warmup_years`, "
        "`horizon_years`, `catalog` |",
        "| `[[companies]]`, one per simulated company | `Company` | name, pay level, hiring "
        "delays, replacement cost, `roles` |",
        "| `roles = [...]` in a company | `Role` | one inline table per role: `name`, "
        "`positions`, `skills = { skill = weight }` |",
        "| `[companies.policy]` | `TraditionalEmployment` or `InternalFreelance` | the "
        "company's policy, chosen by `kind` |",
        "| `matcher = { kind = ... }` in an internal-freelance policy | `BestFit`, "
        "`MostInterested` or `RandomMatch` | who gets a micro-job among applicants |",
        "| `[outside]`, `[outside.policy]` | `Company` | the outside market, with "
        "`outside_market = true` |",
        "| `[population]`, `[market]`, `[quality]`, `[learning]`, `[mindset]`, `[gigs]`, "
        "`[platform]` | `Population`, `Market`, `JobQuality`, `Learning`, `Mindset`, "
        "`GigDesign`, `Platform` | the submodel parameters |",
        '| `catalog = "default"`, or a `[catalog]` table | `SkillCatalog` | the skills and '
        "their similarity |",
        "",
        "Within a table, keys may come in any order. The `[companies.policy]` table that "
        "follows a `[[companies]]` header belongs to that company.",
        "",
        "## Policies and matchers",
        "",
        "A policy table names its class with `kind`; the other keys are that class's fields:",
        "",
        "| `kind` | class | keys |",
        "| --- | --- | --- |",
    ]
    for cls in (mj.TraditionalEmployment, mj.InternalFreelance):
        keys = ", ".join(f"`{a.name}`" for a in attrs.fields(cls) if a.init)
        lines.append(f'| `"{_kind(cls)}"` | `{cls.__name__}` | {keys} |')
    lines += [
        "",
        "An internal-freelance policy's `matcher` is an inline table with only a `kind`: "
        + ", ".join(
            f'`{{ kind = "{_kind(c)}" }}` (`{c.__name__}`)'
            for c in (mj.BestFit, mj.MostInterested, mj.RandomMatch)
        )
        + ". A matcher of your own cannot be written to a file; set it in Python "
        "with `attrs.evolve` after loading.",
        "",
        "## Arms: the policies to compare",
        "",
        "A file may name the policies an experiment compares, one `[arms.NAME]` table each,",
        "with a `kind` and any levers (keys left out take the kind's defaults). `microjob",
        "compare FILE` then compares the arms in the order written, the first being the",
        "reference of the paired differences; `--arms traditional,NAME` picks and orders",
        "arms, built-in policies (`traditional`, `internal-freelance`) and `scenario` (each",
        "company's policy as written) included. In Python, `Scenario.arms` holds them and",
        "`mj.compare(scenario, replications=..., seed=...)` uses them; their names work",
        "wherever a policy name does (`simulate(policy=...)`, a sweep's `policy` axis).",
        "Arms change no run, so they are left out of a scenario's fingerprint and a result",
        "store is shared by files that differ only in their arms. An arm's name is letters,",
        "digits, `-`, `_` and `.`, and may not be a built-in policy's name. For example:",
        "",
        "```toml",
        arms_example(),
        "```",
        "",
        "A file without arms compares traditional employment against the file as written",
        "(or, when every company is traditional, against the default internal-freelance",
        "policy). A lever that can never act is an error naming it, in a company's policy",
        "and in an arm alike: micro-jobs switched on with a `time_share` no micro-job fits",
        "(efforts are drawn between `gigs.effort_min_share` and `gigs.effort_max_share`), or",
        "a `min_tenure_weeks` longer than any career.",
        "",
        "## The skill catalog",
        "",
        'When a scenario uses the shipped catalog, the file says `catalog = "default"` and',
        "loading restores `SkillCatalog.default()` exactly (from the installed version of",
        "microjob). Any other catalog is written in full, so that the file alone describes",
        "the scenario: its skills as inline tables and its similarity matrix one row per",
        "line, with the skill of each row named in a comment. `to_toml(path,",
        "full_catalog=True)` writes the shipped catalog in full too, which pins it against",
        "later versions. A scenario with a three-skill catalog ends with:",
        "",
        "```toml",
        catalog_example(),
        "```",
        "",
        "The matrix must be symmetric, with 1 on the diagonal and every entry in [0, 1].",
        "",
        "## Errors",
        "",
        "Loading an invalid file raises `microjob.ScenarioFileError` (a `ValueError`).",
        "Its message names the file and lists every problem found, one per line, each with",
        "the path of the key and the bad value; `.problems` holds the lines. Unknown keys",
        "come with the closest valid name. This file:",
        "",
        "```toml",
        broken,
        "```",
        "",
        "gives:",
        "",
        "```text",
        message,
        "```",
        "",
        "A file that is not valid TOML gives the line and column:",
        "",
        "```text",
        syntax_error_example(),
        "```",
        "",
        "Checks that involve several keys (such as `age_min_years` ≤ `age_max_years`, or",
        "role skills that must be in the catalog) run once each table's keys are valid.",
        "",
        "## Reference",
        "",
        "Every key, generated from the classes. Key paths use `companies[]` for any",
        "company; `[outside]` takes the same keys as a company. Floats accept integers",
        "(`2` for `2.0`); integers do not accept floats. The meaning of each parameter and",
        "the source of its default are in [parameters.md](parameters.md).",
        "",
    ]
    for cls, prefix, where in _SECTIONS:
        doc = class_doc(cls)
        summary = doc.doc.replace("``", "`") if doc else ""
        lines += [f"### {cls.__name__}", "", f"In {where}. {summary}".rstrip()]
        lines += [
            "",
            "| key | type | unit | default | allowed | meaning |",
            "| --- | --- | --- | --- | --- | --- |",
            *reference_rows(cls, prefix),
            "",
        ]
    return _pagegen.join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` exit 1 when it is out of date."""
    return _pagegen.main(OUTPUT, render, argv)


if __name__ == "__main__":
    sys.exit(main())
