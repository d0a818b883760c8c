"""Writing scenario files: plain, or as a template with a comment above every key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from microjob._toml.comments import _field_comments
from microjob._toml.conversion import converter
from microjob._toml.emitter import dumps
from microjob._toml.schema import (
    _TOP_FIRST,
    _TOP_LAST,
    DEFAULT_CATALOG,
    INLINE,
    Path,
    catalog_table,
)

if TYPE_CHECKING:
    from microjob.scenario import Scenario

_HEADER = (
    "microjob scenario file: load it with microjob.Scenario.from_toml(path).",
    "Keys, units and defaults: docs/scenario-files.md.",
)


def unstructure(scenario: Scenario, *, full_catalog: bool = False) -> dict[str, Any]:
    """``scenario`` as a TOML-shaped document (tables as dicts, arrays as lists).

    The shipped catalog becomes ``"default"`` unless ``full_catalog`` is true.
    """
    if not attrs.has(type(scenario)):
        raise TypeError(f"expected a Scenario, got {scenario!r}")
    doc: dict[str, Any] = converter().unstructure(scenario)
    if not doc.get("arms"):
        doc.pop("arms", None)  # no arms: nothing written, as before arms existed
    if full_catalog:
        doc["catalog"] = catalog_table(scenario.catalog)
    # Name and description open the file and the catalog, long when written in full, ends it.
    first = {k: doc.pop(k) for k in _TOP_FIRST if k in doc}
    last = {k: doc.pop(k) for k in _TOP_LAST if k in doc}
    return {**first, **doc, **last}


def scenario_to_toml_string(scenario: Scenario, *, full_catalog: bool = False) -> str:
    """``scenario`` as TOML text that :func:`loads` turns back into an equal scenario.

    With ``full_catalog``, the shipped skill catalog is written out in full rather
    than as ``catalog = "default"``, which pins it against later versions.
    """
    doc = unstructure(scenario, full_catalog=full_catalog)
    return dumps(doc, comments=_row_labels(doc, scenario), header=_HEADER, inline=_inline(scenario))


def scenario_to_toml(
    scenario: Scenario, path: str | os.PathLike[str], *, full_catalog: bool = False
) -> None:
    """Write ``scenario`` to the TOML file ``path`` (UTF-8, ``\\n`` line endings)."""
    text = scenario_to_toml_string(scenario, full_catalog=full_catalog)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def template(scenario: Scenario, *, full_catalog: bool = False) -> str:
    """``scenario`` as TOML with a comment above every key: meaning, unit, range, default.

    The comments come from the field docstrings in the source of scenario.py,
    model.py and policies.py. The text loads back to an equal scenario.
    """
    doc = unstructure(scenario, full_catalog=full_catalog)
    comments = _row_labels(doc, scenario)
    comments.update(_field_comments(scenario, doc))
    title = f"microjob scenario {scenario.name!r}"
    header = [f"{title}: {scenario.description}" if scenario.description else title, ""]
    header += [
        "Every key below has a comment saying what it means, its unit, the values it",
        "may take and its default. Keys you delete take their defaults; required keys",
        "say so. Load the file with microjob.Scenario.from_toml(path).",
        "Reference: docs/scenario-files.md.",
    ]
    if not scenario.arms:
        header += [
            "",
            "To compare policies of your own, add named arms at the end, for example",
            "  [arms.marketplace-30]",
            '  kind = "internal-freelance"',
            "  time_share = 0.3",
            "then `microjob compare FILE` compares the arms in the order written (or pick",
            "some with --arms traditional,marketplace-30).",
        ]
    return dumps(doc, comments=comments, header=header, inline=_inline(scenario))


def _inline(scenario: Scenario) -> frozenset[tuple[str, ...]]:
    """Paths written inline: the fixed ones, and each arm's matcher."""
    return INLINE | {("arms", name, "matcher") for name in scenario.arms}


def _row_labels(doc: Mapping[str, Any], scenario: Scenario) -> dict[Path, list[str]]:
    """Skill names as trailing comments on the rows of a written similarity matrix."""
    if doc.get("catalog") == DEFAULT_CATALOG:
        return {}
    return {("catalog", "similarity", i): [name] for i, name in enumerate(scenario.catalog.names)}
