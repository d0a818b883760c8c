"""The API reference page and ``help()`` on the public classes.

``help(cls)`` lists every field of the public attrs classes with its meaning
(``microjob._fielddocs.install_field_docs``, run by ``import microjob``), and
keeps working when the source is missing. ``docs/api.md`` builds strictly with
signatures, Sphinx roles turned into links or plain code, and readable
defaults (``docs/_api_extension.py``, a Griffe extension).
"""

from __future__ import annotations

import importlib.util
import inspect
import pydoc
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import attrs
import griffe
import pytest

import microjob as mj
from microjob import _fielddocs

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "docs" / "_api_extension.py"

# The classes whose help() must say what each field means.
DOCUMENTED = (
    mj.Scenario,
    mj.Population,
    mj.Market,
    mj.JobQuality,
    mj.Learning,
    mj.Mindset,
    mj.GigDesign,
    mj.Platform,
    mj.Company,
    mj.Role,
    mj.Skill,
    mj.SkillCatalog,
    mj.Worker,
    mj.MicroJob,
    mj.TraditionalEmployment,
    mj.InternalFreelance,
    mj.EmploymentSpell,
    mj.GigRecord,
    mj.EngagementRecord,
    mj.InternalMove,
    mj.SimEvent,
    mj.RunResult,
    mj.RunSummary,
)


def _words(text: str) -> str:
    """Text as single-spaced words (pydoc's `` |  `` margins and overstruck bold removed)."""
    text = re.sub(r".\x08", "", text)
    return " ".join(" ".join(line.lstrip(" |") for line in text.splitlines()).split())


# ------------------------------------------------------------------- help()
def test_help_population_gives_every_field_with_its_meaning() -> None:
    text = _words(pydoc.render_doc(mj.Population))
    source = _fielddocs.class_doc(mj.Population)
    assert source is not None
    assert "Fields ------" in text
    for field in attrs.fields(mj.Population):
        meaning = source.field(field.name)
        assert meaning is not None and meaning.doc, field.name
        assert f"{field.name} : " in text, f"{field.name} missing from help(Population)"
        assert _words(meaning.doc) in text, f"meaning of {field.name} missing"
    assert "Share of 'movers', who search more" in text


def test_help_gives_default_unit_and_allowed_range() -> None:
    doc = inspect.getdoc(mj.Population) or ""
    line = next(x for x in doc.splitlines() if x.startswith("age_min_years : "))
    default = attrs.fields_dict(mj.Population)["age_min_years"].default
    assert f"default {_fielddocs.plain_number(default)}" in line
    assert "unit: years" in line and "allowed: [" in line
    scenario = inspect.getdoc(mj.Scenario) or ""
    assert "population : Population, default Population()" in scenario
    summary = inspect.getdoc(mj.RunSummary) or ""
    assert re.search(
        r"^quit_rate_monthly : float, default nan, unit \(shown × 100\): %", summary, re.M
    )
    assert "required" in (inspect.getdoc(mj.EmploymentSpell) or "")


@pytest.mark.parametrize("cls", DOCUMENTED, ids=lambda c: c.__name__)
def test_help_lists_every_field(cls: type) -> None:
    doc = cls.__doc__ or ""
    head, _, section = doc.partition(f"\n{_fielddocs.FIELDS_HEADING}\n")
    assert section, f"{cls.__name__}.__doc__ has no Fields section"
    assert head.strip(), "the class's own docstring comes first"
    names = [line.split(" : ")[0] for line in section.splitlines() if " : " in line[:60]]
    expected = [f.name for f in attrs.fields(cls)]
    assert [n for n in names if n in expected] == expected
    assert doc.count(f"\n{_fielddocs.FIELDS_HEADING}\n") == 1


def test_instances_and_repeated_reads_give_the_same_text() -> None:
    first = mj.Market.__doc__
    assert first is not None and first == mj.Market.__doc__ == mj.Market().__doc__
    _fielddocs.install_field_docs()  # a second install changes nothing
    assert mj.Market.__doc__ == first


def test_class_without_source_keeps_its_docstring(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module with no source file (a bytecode-only install, say): the doc is unchanged."""
    module = types.ModuleType("microjob_test_no_source")
    exec(  # a class in a module that has no file
        textwrap.dedent(
            '''
            import attrs

            @attrs.frozen
            class Plain:
                """A class whose source cannot be read."""

                size: int = 3
                """How big."""
            '''
        ),
        module.__dict__,
    )
    monkeypatch.setitem(sys.modules, module.__name__, module)
    _fielddocs.install_field_docs((module.__name__,))
    plain = module.Plain
    assert isinstance(plain.__dict__["__doc__"], _fielddocs._DocWithFields)
    assert plain.__doc__ == "A class whose source cannot be read."
    assert "A class whose source cannot be read." in pydoc.render_doc(plain)
    assert _fielddocs.fields_section(plain) is None


def test_package_imports_and_help_works_without_source() -> None:
    """Every ``.py`` file of microjob unreadable as text: import and help() still work."""
    code = textwrap.dedent(
        """
        import pathlib, pydoc

        real = pathlib.Path.read_text

        def unreadable(self, *args, **kwargs):
            if self.suffix == ".py" and "microjob" in self.parts:
                raise FileNotFoundError(self)
            return real(self, *args, **kwargs)

        pathlib.Path.read_text = unreadable
        import microjob as mj

        doc = mj.Population.__doc__
        assert doc.startswith("Who is in the labour force"), doc
        assert "Fields" not in doc, doc
        assert "Who is in the labour force" in pydoc.render_doc(mj.Population)
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]


# ------------------------------------------------------- the Griffe extension
def _extension_module() -> Any:
    spec = importlib.util.spec_from_file_location("_api_extension_under_test", EXTENSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extension() -> Any:
    return _extension_module()


@pytest.fixture(scope="module")
def package(extension: Any) -> griffe.Module:
    """microjob as mkdocstrings sees it, with the extension applied."""
    return griffe.load(
        "microjob",
        search_paths=[str(ROOT)],
        extensions=griffe.load_extensions(extension.MicrojobApiReference),
        docstring_parser="sphinx",
    )


def test_heading_of_the_runtime_section_agrees(extension: Any) -> None:
    assert extension.FIELDS_HEADING == _fielddocs.FIELDS_HEADING


def test_extension_strips_the_runtime_fields_section(extension: Any) -> None:
    full = inspect.getdoc(mj.Population) or ""
    assert f"\n{_fielddocs.FIELDS_HEADING}\n" in full
    stripped = extension._SECTION.sub("\n", full).rstrip()
    assert stripped == inspect.cleandoc(mj.Population.__dict__["__doc__"]._doc)


def test_roles_become_optional_autorefs(package: griffe.Module) -> None:
    to_toml_string = package["scenario.Scenario.to_toml_string"].docstring.value
    assert (
        '<autoref identifier="microjob.scenario.Scenario.from_toml_string" optional>'
        "`from_toml_string`</autoref>" in to_toml_string
    )
    compare_doc = package["experiment.comparison.compare"].docstring.value
    assert ":class:" not in compare_doc
    # Outside the package: still an optional autoref, which the page shows as code.
    assert (
        '<autoref identifier="concurrent.futures.Executor" optional>'
        "`concurrent.futures.Executor`</autoref>" in compare_doc
    )
    # ``~`` keeps only the last component; a package re-export is followed to its home.
    record = package["records.SimEvent"].docstring.value
    assert '<autoref identifier="microjob.model.MicroJob" optional>`MicroJob`</autoref>' in record
    for obj in (package["simulate"], package["summary"], package["measures"]):
        assert not re.search(r":(func|class|meth|data|mod|attr):`", obj.docstring.value)


def test_attrs_defaults_are_readable(package: griffe.Module) -> None:
    def value(path: str) -> str | None:
        v = package[path].value
        return None if v is None else str(v)

    assert value("scenario.Scenario.warmup_years") == "52.0"
    assert value("scenario.Scenario.population") == "Population()"
    assert value("scenario.Scenario.catalog") == "SkillCatalog.default()"
    assert value("scenario.Scenario.companies") is None  # required
    assert value("summary.MeasureInfo.short_unit") is None  # computed from ``unit``
    assert value("summary.RunSummary.quit_rate_monthly") == "nan"
    assert "class-attribute" not in package["scenario.Market.base_wage_per_year"].labels


# ------------------------------------------------------------------ the site
def test_api_page_builds_with_signatures_and_links(built_site: Path) -> None:
    tmp_path = built_site
    page = (built_site / "api" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    # The signature of compare, with its keyword-only arguments.
    start = page.index('id="microjob.experiment.compare"')
    signature = re.sub(r"<[^>]+>", "", page[start : page.index("</code></pre>", start)])
    assert "replications" in signature and "seed" in signature
    for leak in (":func:", ":class:", ":meth:", ":attr:", ":data:", ":mod:"):
        assert leak not in text, f"literal {leak} on the API page"
    for leak in ("_nan()", "Factory(", "attrs.field(", "&lt;autoref"):
        assert leak not in text, f"{leak} on the API page"
    assert 'href="#microjob.experiment.compare"' in page, "a role became a link"
    assert f"{_fielddocs.FIELDS_HEADING}\n------" not in text
    for name in ("Policy", "BestFit", "ResultStore", "CompetingRisks", "EmploymentSpell"):
        assert re.search(rf'<h3 id="microjob\.[\w.]*\b{name}"', page), f"{name} missing"
    assert not (tmp_path / "_api_extension.py").exists()
