"""Template comments: each key's meaning, unit, range and default, from the field docs."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from microjob._fielddocs import ClassDoc, class_doc
from microjob._toml.emitter import _is_table_array
from microjob._toml.schema import _MATCHERS, _POLICIES, DEFAULT_CATALOG, Path, _kind_of
from microjob._toml.values import _inline
from microjob.model import Company, Role
from microjob.policies import InternalFreelance

if TYPE_CHECKING:
    from microjob.scenario import Scenario

_WIDTH = 86


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text.replace("``", "`"), _WIDTH) if text else []


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.:])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(":.")


def _range_and_default(cl: type, name: str, doc: ClassDoc | None) -> str:
    a = attrs.fields_dict(cl)[name]
    parts = []
    field_doc = doc.field(name) if doc else None
    if field_doc and field_doc.allowed and not field_doc.allowed.startswith("checked by"):
        parts.append(f"Allowed: {field_doc.allowed}.")
    if a.default is attrs.NOTHING:
        parts.append("Required.")
    elif not isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        parts.append(f"Default: {_inline(a.default)}.")
    return " ".join(parts)


def _kind_comment(union: tuple[type, ...], what: str) -> list[str]:
    options = []
    for cl in union:
        doc = class_doc(cl)
        summary = _first_sentence(doc.doc) if doc and doc.doc else cl.__name__
        options.append(f'"{_kind_of(cl)}" ({cl.__name__}: {summary[0].lower()}{summary[1:]})')
    return _wrap(f"Which {what}: " + "; or ".join(options) + ". The other keys depend on it.")


def _field_comments(scenario: Scenario, doc: Mapping[str, Any]) -> dict[Path, list[str]]:
    """Comments above the keys of the first table of each class (later ones repeat its keys)."""
    out: dict[Path, list[str]] = {}
    seen: set[type] = set()

    def visit(obj: Any, table: Mapping[str, Any], path: Path) -> None:
        cl = type(obj)
        first = cl not in seen
        seen.add(cl)
        cdoc = class_doc(cl) if first else None
        if first and "kind" in table:
            union, what = (_POLICIES, "policy") if cl in _POLICIES else (_MATCHERS, "matcher")
            out[(*path, "kind")] = _kind_comment(union, what)
        for a in attrs.fields(cl):
            if a.name not in table or not a.init:
                continue
            value, sub = getattr(obj, a.name), table[a.name]
            key: Path = (*path, a.name)
            if first:
                fdoc = cdoc.field(a.name) if cdoc else None
                lines = _wrap(fdoc.doc) if fdoc else []
                lines += _wrap(_range_and_default(cl, a.name, cdoc))
                lines += _format_notes(cl, a.name, at_top=not path)
                out[key] = lines
            if isinstance(sub, Mapping) and attrs.has(type(value)):
                visit(value, sub, key)
            elif _is_table_array(sub) and not path:
                for i, (item, item_table) in enumerate(zip(value, sub, strict=True)):
                    visit(item, item_table, (*key, i))

    visit(scenario, doc, ())
    return out


def _format_notes(cl: type, name: str, *, at_top: bool) -> list[str]:
    """How a key is written, where the type alone does not say (``at_top``: a scenario key)."""
    if at_top and name == "catalog":
        return _wrap(
            f'"{DEFAULT_CATALOG}" is the shipped catalog. For another catalog write a '
            "[catalog] table: skills = [{name = ..., family = ...}, ...] and similarity "
            "= a symmetric matrix, one row per skill, 1 on the diagonal."
        )
    if at_top and name == "arms":
        return _wrap(
            "One [arms.NAME] table per named policy: a `kind` key and any levers, as in "
            "[companies.policy]. `microjob compare` compares the arms, in this order."
        )
    if at_top and name == "outside":
        return _wrap(
            "A company table like [[companies]], with outside_market = true; its roles are "
            "the kinds of outside jobs workers take."
        )
    if at_top and name == "companies":
        return _wrap("One [[companies]] table per simulated company.")
    if cl is Company and name == "roles":
        role = class_doc(Role)
        text = role.doc if role else ""
        return _wrap(f"Each role: {{name, positions, skills = {{skill = weight, ...}}}}. {text}")
    if cl is Company and name == "policy":
        return _wrap("A table whose `kind` key names the policy.")
    if cl is InternalFreelance and name == "matcher":
        kinds = ", ".join(f'{{ kind = "{_kind_of(m)}" }}' for m in _MATCHERS)
        return _wrap(f"Written as {kinds}.")
    return []
