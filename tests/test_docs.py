"""The parameter documentation is complete and up to date.

``docs/parameters.md`` is generated from the source by ``docs/gen_parameters.py``.
These tests check that the generated file matches the code, that every
parameter of every configuration class appears in it, and that every
parameter carries a docstring (the string literal after the field) giving its
meaning, unit and source. The source is read here with :mod:`ast`,
independently of the generator.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARAMETERS_MD = ROOT / "docs" / "parameters.md"
GENERATOR = ROOT / "docs" / "gen_parameters.py"
SOURCES = ("microjob/scenario.py", "microjob/policies.py")

# Fields that had no docstring when this test was written. The list may only
# shrink: adding a docstring to one of them makes ``test_known_gaps_are_current``
# fail until its entry is removed here, and a new field without a docstring
# fails ``test_every_parameter_has_a_docstring``.
KNOWN_UNDOCUMENTED: frozenset[str] = frozenset()


def _is_attrs_class(node: ast.ClassDef) -> bool:
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        text = ast.unparse(target)
        if text.split(".")[0] in {"attrs", "attr"}:
            return True
    return False


def _is_settable(stmt: ast.AnnAssign) -> bool:
    """False for ``attrs.field(..., init=False)`` (fixed tags such as ``kind``)."""
    value = stmt.value
    if isinstance(value, ast.Call):
        for kw in value.keywords:
            if kw.arg == "init" and isinstance(kw.value, ast.Constant):
                return bool(kw.value.value)
    return True


def _parameters() -> list[tuple[str, str, str]]:
    """(class, field, docstring) for every settable field of every attrs class."""
    out = []
    for rel in SOURCES:
        tree = ast.parse((ROOT / rel).read_text("utf-8"))
        for node in tree.body:
            if not (isinstance(node, ast.ClassDef) and _is_attrs_class(node)):
                continue
            body = node.body
            for i, stmt in enumerate(body):
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                if "ClassVar" in ast.unparse(stmt.annotation) or not _is_settable(stmt):
                    continue
                doc = ""
                nxt = body[i + 1] if i + 1 < len(body) else None
                if (
                    isinstance(nxt, ast.Expr)
                    and isinstance(nxt.value, ast.Constant)
                    and isinstance(nxt.value.value, str)
                ):
                    doc = nxt.value.value.strip()
                out.append((node.name, stmt.target.id, doc))
    return out


def _sections(text: str) -> dict[str, str]:
    """Second-level sections of a Markdown page, by heading."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


PARAMETERS = _parameters()


def test_sources_define_parameters() -> None:
    classes = {cls for cls, _, _ in PARAMETERS}
    assert {"Population", "Market", "Scenario", "InternalFreelance"} <= classes


def test_generated_parameters_page_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (
        "docs/parameters.md is out of date; run `python docs/gen_parameters.py`.\n"
        + proc.stderr[-4000:]
    )


@pytest.mark.parametrize(("cls", "name"), [(c, n) for c, n, _ in PARAMETERS])
def test_every_parameter_is_in_the_page(cls: str, name: str) -> None:
    sections = _sections(PARAMETERS_MD.read_text("utf-8"))
    assert cls in sections, f"docs/parameters.md has no section for {cls}"
    assert f"| `{name}` |" in sections[cls], f"{cls}.{name} is missing from docs/parameters.md"


def test_every_parameter_has_a_docstring() -> None:
    missing = sorted(
        f"{cls}.{name}"
        for cls, name, doc in PARAMETERS
        if not doc and f"{cls}.{name}" not in KNOWN_UNDOCUMENTED
    )
    assert not missing, (
        "these fields have no docstring (add a string literal after the field giving "
        "its meaning, unit and source): " + ", ".join(missing)
    )


def test_known_gaps_are_current() -> None:
    documented = {f"{cls}.{name}" for cls, name, doc in PARAMETERS if doc}
    existing = {f"{cls}.{name}" for cls, name, _ in PARAMETERS}
    stale = sorted((KNOWN_UNDOCUMENTED & documented) | (KNOWN_UNDOCUMENTED - existing))
    assert not stale, "remove from KNOWN_UNDOCUMENTED (now documented or gone): " + ", ".join(stale)


# ----------------------------------------------------------------------------
# The hand-written pages (model.md, design-notes.md, index.md) refer to the code
# by name. These checks keep those references from going stale.

DOC_PAGES = (
    "index.md",
    "model.md",
    "design-notes.md",
    "retention.md",
    "experiments.md",
    "cli.md",
    "validation.md",
    "sensitivity.md",
)
CONFIG_CLASSES = (
    "Population",
    "Market",
    "JobQuality",
    "Learning",
    "Mindset",
    "GigDesign",
    "Platform",
    "Scenario",
    "TraditionalEmployment",
    "InternalFreelance",
    "Company",
)
_PARAM_REF = re.compile(r"`(" + "|".join(CONFIG_CLASSES) + r")\.(\w+)`")
_QUOTED_DEFAULT = re.compile(
    r"`(\w+)\.(\w+)`\]\(parameters\.md#[\w-]+\)[\s(,]*default\s+(-?[\d.]*\d)(%?)"
)


def _page(name: str) -> str:
    return (ROOT / "docs" / name).read_text("utf-8")


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\s-]", "", heading.strip().lower())
    return re.sub(r"[\s]+", "-", text)


def _config_class(name: str) -> type:
    import microjob as mj

    return getattr(mj, name)  # type: ignore[no-any-return]


@pytest.mark.parametrize("page", DOC_PAGES)
def test_parameter_references_exist(page: str) -> None:
    import attrs

    bad = sorted(
        {
            f"{cls}.{name}"
            for cls, name in _PARAM_REF.findall(_page(page))
            if name not in attrs.fields_dict(_config_class(cls))
        }
    )
    assert not bad, f"docs/{page} names parameters that do not exist: {', '.join(bad)}"


@pytest.mark.parametrize("page", DOC_PAGES)
def test_quoted_defaults_match_the_code(page: str) -> None:
    import math

    import attrs

    found = _QUOTED_DEFAULT.findall(_page(page))
    wrong = []
    for cls, name, number, percent in found:
        default = attrs.fields_dict(_config_class(cls))[name].default
        quoted = float(number) / (100.0 if percent else 1.0)
        if not math.isclose(quoted, float(default), rel_tol=1e-9, abs_tol=1e-12):
            wrong.append(f"{cls}.{name}: page says {number}{percent}, code says {default!r}")
    assert not wrong, f"docs/{page} quotes stale defaults: " + "; ".join(wrong)


def test_model_page_quotes_some_defaults() -> None:
    assert len(_QUOTED_DEFAULT.findall(_page("model.md"))) >= 8


@pytest.mark.parametrize("page", DOC_PAGES)
def test_links_between_pages_resolve(page: str) -> None:
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", _page("parameters.md"), re.M)}
    text = _page(page)
    missing = [
        target
        for target in re.findall(r"\]\(([\w.-]+\.md)(?:#[\w-]+)?\)", text)
        if not (ROOT / "docs" / target).exists()
    ]
    missing += [
        f"parameters.md#{a}"
        for a in re.findall(r"\]\(parameters\.md#([\w-]+)\)", text)
        if a not in anchors
    ]
    assert not missing, f"docs/{page} has broken links: {', '.join(sorted(set(missing)))}"


def test_engine_names_in_model_page_exist() -> None:
    """Every `Room.method` or `module.function` of the engine that model.md names exists."""
    import importlib
    import inspect
    import pkgutil

    import microjob.engine

    modules = {
        info.name: importlib.import_module(f"microjob.engine.{info.name}")
        for info in pkgutil.iter_modules(microjob.engine.__path__)
    }
    classes = {
        name: obj
        for module in modules.values()
        for name, obj in vars(module).items()
        if inspect.isclass(obj) and obj.__module__.startswith("microjob.engine")
    }
    named = re.findall(r"`([A-Za-z]\w*)\.(\w+)`", _page("model.md"))
    engine_names = [
        (owner, attr)
        for owner, attr in named
        if (owner in classes or owner in modules) and attr != "py"
    ]
    assert len(engine_names) > 20, "model.md should point readers to the engine's handlers"
    missing = sorted(
        f"{owner}.{attr}"
        for owner, attr in engine_names
        if not hasattr(classes.get(owner) or modules[owner], attr)
    )
    assert not missing, f"model.md names engine functions that do not exist: {missing}"
    rooms = {"careers", "layoffs", "vacancies", "reviews", "microjobs", "learning", "population"}
    assert rooms <= set(modules), f"engine modules missing: {rooms - set(modules)}"
    listed = set(re.findall(r"\| `(\w+)\.py` \|", _page("model.md")))
    assert listed == set(modules), f"model.md §3.7 lists {listed}, the engine has {set(modules)}"


def test_model_page_lists_every_random_stream() -> None:
    import importlib

    streams = importlib.import_module("microjob.engine.streams").STREAMS

    text = _page("model.md")
    missing = [s for s in streams if f"`{s}`" not in text]
    assert not missing, f"model.md does not mention the random streams {missing}"


def test_design_notes_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", _page("design-notes.md"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "design-notes.md", "exec"), {})


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11), reason="argparse formats help differently across versions"
)
def test_cli_page_is_generated_from_the_parser() -> None:
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import gen_cli
    finally:
        sys.path.pop(0)
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == gen_cli.render(), (
        "docs/cli.md is stale: run python docs/gen_cli.py"
    )


def test_the_documentation_site_builds_strictly(built_site: Path) -> None:
    """mkdocs.yml's nav, every link and image, and the API reference's docstrings."""
    api = (built_site / "api" / "index.html").read_text(encoding="utf-8")
    assert "kaplan_meier" in api and "Greenwood" in api, "docstrings rendered"
