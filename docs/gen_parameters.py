"""Generate ``docs/parameters.md`` from the parameter classes of microjob.

The field docstrings of attrs classes (the string literal written right after
a field) are not kept at runtime, so they are read from the source with
:mod:`ast` by ``microjob._fielddocs`` (shared with the commented scenario-file
template of ``microjob._toml``). Defaults, on the other hand, are taken from the imported
package, so that computed defaults such as ``math.log(2) / 52`` appear as the
numbers the simulator actually uses.

Usage, from the repository root::

    python docs/gen_parameters.py           # (re)write docs/parameters.md
    python docs/gen_parameters.py --check   # exit 1 if the file is out of date

The output depends only on the source and the installed package, never on
the machine, the date or the order of dictionary iteration.
"""

from __future__ import annotations

import importlib
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import _pagegen  # docs/_pagegen.py: the --check command line of every page generator
import attrs

from microjob._fielddocs import ClassDoc, FieldDoc, module_docs, plain_number

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "parameters.md"

# Modules whose attrs classes are documented, in page order. The first two are
# the configuration proper; ``Company`` (from model.py) is added because its
# hiring delays, pay level and replacement cost are parameters too.
MODULES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("microjob.scenario", None),
    ("microjob.policies", None),
    ("microjob.model", ("Company",)),
)


# --------------------------------------------------------------------- source
def parse_module(module: str, only: tuple[str, ...] | None = None) -> list[ClassDoc]:
    """Every attrs class of ``module`` (or the ones named in ``only``), in source order."""
    return module_docs(module, only)


def collect() -> list[ClassDoc]:
    """All documented classes, in page order."""
    classes: list[ClassDoc] = []
    for module, only in MODULES:
        classes.extend(parse_module(module, only))
    return classes


# -------------------------------------------------------------------- runtime
_num = plain_number


def _runtime_class(doc: ClassDoc) -> type:
    return getattr(importlib.import_module(doc.module), doc.name)


def _render_default(doc: ClassDoc, f: FieldDoc, documented: set[str]) -> str:
    cls = _runtime_class(doc)
    a = attrs.fields_dict(cls)[f.name]
    default: Any = a.default
    if default is attrs.NOTHING:
        return "required"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        value = default.factory(None) if default.takes_self else default.factory()
        source = f.default_source or ""
    else:
        value, source = default, f.default_source or ""
    if attrs.has(type(value)):
        name = type(value).__name__
        if name == "SkillCatalog":
            fams = len(value.families)
            return f"`{source}()`: {len(value)} skills in {fams} families (see below)"
        anchor = name.lower()
        if name in documented:
            return f"[`{name}()`](#{anchor})"
        return f"`{name}()`"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""` (empty)'
    text = f"`{_num(value)}`"
    literal = isinstance(value, bool | int | float) and re.fullmatch(
        r"-?[\d.e+-]+|True|False", source
    )
    if source and not literal:
        text += f" (`{source}`)"
    return text


# ------------------------------------------------------------------- markdown
def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def _class_section(doc: ClassDoc, documented: set[str]) -> list[str]:
    lines = [f"## {doc.name}", ""]
    lines.append(f"`{doc.module}.{doc.name}` ({doc.path}). {doc.doc}")
    lines.append("")
    params = [f for f in doc.fields if f.init]
    fixed = [f for f in doc.fields if not f.init]
    if params:
        lines.append("| field | type | default | allowed | meaning, unit and source |")
        lines.append("| --- | --- | --- | --- | --- |")
        for f in params:
            meaning = _cell(f.doc) if f.doc else "*(no docstring in the source)*"
            lines.append(
                f"| `{f.name}` | `{_cell(f.annotation)}` | {_render_default(doc, f, documented)} "
                f"| {_cell(f.allowed) or '—'} | {meaning} |"
            )
        lines.append("")
    for f in fixed:
        value = attrs.fields_dict(_runtime_class(doc))[f.name].default
        lines.append(f"Fixed tag (not settable): `{f.name} = {value!r}`.")
        lines.append("")
    return lines


def _catalog_section() -> list[str]:
    from microjob.model import SkillCatalog

    cat = SkillCatalog.default()
    sim = cat.matrix()
    lines = [
        "## Default skill catalog",
        "",
        "`SkillCatalog.default()`, read from `microjob/data/skills.toml`: "
        f"{len(cat)} skills in {len(cat.families)} families.",
        "",
        "| family | skills |",
        "| --- | --- |",
    ]
    for family in cat.families:
        names = [s.name for s in cat.skills if s.family == family]
        lines.append(f"| {family} | {', '.join(f'`{n}`' for n in names)} |")
    lines.append("")
    fam = [s.family for s in cat.skills]
    pairs = [(i, j) for i in range(len(cat)) for j in range(i + 1, len(cat))]
    within = Counter(float(sim[i, j]) for i, j in pairs if fam[i] == fam[j])
    between = Counter(float(sim[i, j]) for i, j in pairs if fam[i] != fam[j])
    # The family rule is the most common value (ties: the smaller one).
    rule_within = min(within, key=lambda x: (-within[x], x)) if within else 0.0
    rule_between = min(between, key=lambda x: (-between[x], x)) if between else 0.0
    lines.append(
        f"Similarity of two distinct skills of the same family: `{_num(rule_within)}`; "
        f"of skills in different families: `{_num(rule_between)}`; of a skill with itself: `1`. "
        "Pairs that differ from this rule:"
    )
    lines.append("")
    lines.append("| skill | family | skill | family | similarity |")
    lines.append("| --- | --- | --- | --- | --- |")
    for i, j in pairs:
        rule = rule_within if fam[i] == fam[j] else rule_between
        if float(sim[i, j]) != rule:
            lines.append(
                f"| `{cat.names[i]}` | {fam[i]} | `{cat.names[j]}` | {fam[j]} "
                f"| `{_num(float(sim[i, j]))}` |"
            )
    lines.append("")
    return lines


def _presets_section() -> list[str]:
    import microjob as mj

    lines = [
        "## Preset scenarios",
        "",
        "What `mj.scenarios.<name>()` builds. Role layouts are generated once from a fixed",
        "layout seed, so they are part of the scenario, not of a run.",
        "",
        "| preset | simulated companies | positions each | roles each | policies "
        "| outside workers | outside roles | warm-up (years) | window (years) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in mj.scenarios.names():
        s = getattr(mj.scenarios, name)()
        heads = sorted({c.headcount for c in s.companies})
        roles = sorted({len(c.roles) for c in s.companies})
        kinds = ", ".join(c.policy.kind for c in s.companies)
        lines.append(
            f"| `{name}` | {len(s.companies)} | {'/'.join(map(str, heads))} "
            f"| {'/'.join(map(str, roles))} | {kinds} | {_num(s.population.outside_workers)} "
            f"| {len(s.outside.roles)} | {_num(s.warmup_years)} | {_num(s.horizon_years)} |"
        )
    lines.append("")
    return lines


def _derived_section() -> list[str]:
    from microjob.policies import InternalFreelance
    from microjob.scenario import (
        WEEKS_PER_MONTH,
        WEEKS_PER_YEAR,
        Learning,
        Market,
        Population,
    )

    ln, mk, pop, gig = Learning(), Market(), Population(), InternalFreelance()
    rows = [
        (
            "weeks per year / per month",
            f"{_num(WEEKS_PER_YEAR)} / {_num(WEEKS_PER_MONTH)}",
            "`WEEKS_PER_YEAR`, `WEEKS_PER_MONTH`",
        ),
        (
            "weeks of full-time use that halve the gap to mastery",
            _num(math.log(2) / ln.learning_rate_per_week),
            "ln 2 / `learning_rate_per_week`",
        ),
        (
            "forgetting: weekly decay factor of the gap to the floor",
            _num(math.exp(-math.log(2) / ln.forgetting_half_life_weeks)),
            "exp(−ln 2 / `forgetting_half_life_weeks`)",
        ),
        (
            "layoff hazard per employee-week",
            _num(mk.layoff_rate_monthly / WEEKS_PER_MONTH),
            "`layoff_rate_monthly` / weeks per month",
        ),
        (
            "outside offers per year to a passive stayer aged 25 / 40 / 55",
            " / ".join(
                _num(
                    round(
                        mk.offer_rate_per_year * 2 ** (-(a - 25) / mk.offer_rate_halving_years), 4
                    )
                )
                for a in (25, 40, 55)
            ),
            "`offer_rate_per_year` × 2^(−(age − 25) / `offer_rate_halving_years`)",
        ),
        (
            "mean weeks unemployed before an outside-market job",
            _num(round(WEEKS_PER_YEAR / mk.unemployed_offer_rate_per_year, 4)),
            "52 / `unemployed_offer_rate_per_year` (vacancy fills shorten it)",
        ),
        (
            "spread of an offer's premium + amenity (log-wage units)",
            _num(round(math.hypot(mk.offer_premium_sd, mk.amenity_sd), 6)),
            "√(`offer_premium_sd`² + `amenity_sd`²)",
        ),
        (
            "expected working life used for the entry rate (years)",
            _num(
                round(
                    (
                        pop.retirement_age_min_years
                        + pop.retirement_age_mode_years
                        + pop.retirement_age_max_years
                    )
                    / 3
                    - (pop.entry_age_min_years + pop.entry_age_max_years) / 2,
                    4,
                )
            ),
            "mean of the triangular retirement age − mean entry age",
        ),
        (
            "micro-job postings per employee-week (InternalFreelance)",
            _num(round(gig.gigs_per_employee_year / WEEKS_PER_YEAR, 6)),
            "`gigs_per_employee_year` / 52",
        ),
    ]
    lines = [
        "## Derived quantities",
        "",
        "Values the engine computes from the defaults above.",
        "",
        "| quantity | value | from |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines.append("")
    return lines


def render() -> str:
    """The full text of ``docs/parameters.md``."""
    import microjob

    classes = collect()
    documented = {c.name for c in classes}
    lines = [
        "<!-- Generated by docs/gen_parameters.py from the microjob source; do not edit by hand.",
        "     Regenerate with: python docs/gen_parameters.py -->",
        "",
        "# Parameters",
        "",
        f"Every parameter of microjob {microjob.__version__} with its default, allowed range and",
        "the reason for its default, as written in the source. Defaults are read from the",
        "package itself, so computed defaults appear as the numbers the simulator uses. The",
        "model that uses them is described in [model.md](model.md).",
        "",
        "Units: time in weeks unless the name says years; wages and costs in currency units a",
        "year; *log-wage units* are differences of log annual wage (0.05 is about 5% of pay);",
        "shares and proficiencies lie in [0, 1].",
        "",
        "Contents: "
        + ", ".join(f"[{c.name}](#{c.name.lower()})" for c in classes)
        + ", [default skill catalog](#default-skill-catalog), [presets](#preset-scenarios),"
        " [derived quantities](#derived-quantities).",
        "",
    ]
    for doc in classes:
        lines += _class_section(doc, documented)
    lines += _catalog_section()
    lines += _presets_section()
    lines += _derived_section()
    return _pagegen.join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` exit 1 when it is out of date."""
    return _pagegen.main(OUTPUT, render, argv)


if __name__ == "__main__":
    sys.exit(main())
