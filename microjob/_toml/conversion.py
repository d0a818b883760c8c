"""The cattrs converter between scenarios and TOML documents.

Structuring is strict and collects every problem; unstructuring writes policies
and matchers with their ``kind`` and the shipped catalog as ``"default"``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, get_args, get_origin

import attrs
import cattrs
import numpy as np
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from microjob import model
from microjob._checks import MAX_MAGNITUDE
from microjob._toml.errors import _Invalid, _MissingKey, _show
from microjob._toml.schema import (
    _MATCHERS,
    _POLICIES,
    _POLICY_ALIASES,
    DEFAULT_CATALOG,
    _kind_of,
    catalog_table,
)
from microjob._toml.values import _string
from microjob.model import Company, Role, SkillCatalog
from microjob.policies import Matcher, Policy


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(f"must be a number, got {_show(value)}")
    return float(value)


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"must be a whole number, got {_show(value)}")
    return value


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"must be a string, got {_show(value)}")
    return value


def _structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"must be true or false, got {_show(value)}")
    return value


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping(t: Any) -> bool:
    return get_origin(t) in (Mapping, dict) and len(get_args(t)) == 2


def _own_checks(validator: Any) -> list[Callable[[Any, Any, Any], None]]:
    """The validators of a field that look at the value alone (those of microjob._checks).

    Running them per field lets one load report every bad value; validators that
    need the whole instance run when it is built.
    """
    if validator is None:
        return []
    parts = getattr(validator, "_validators", None)
    if parts is not None:
        return [v for part in parts for v in _own_checks(part)]
    return [validator] if getattr(validator, "__module__", "") == "microjob._checks" else []


def _check_weights(skills: Mapping[str, float]) -> None:
    errors: list[Exception] = []
    for skill, weight in skills.items():
        if not 0 < weight <= MAX_MAGNITUDE:
            exc = _Invalid(f"weight must be a number > 0 and <= {MAX_MAGNITUDE:g}, got {weight!r}")
            exc.add_note(IterableValidationNote(f"weight of {skill!r}", skill, float))
            errors.append(exc)
    if errors:
        raise IterableValidationError("While checking role skills", errors, dict)


# Checks the TOML layer adds for clearer messages than the class's own.
_EXTRA_CHECKS: dict[tuple[type, str], Callable[[Any], None]] = {
    (Role, "skills"): _check_weights,
}


def _build_converter() -> cattrs.Converter:
    attrs.resolve_types(Company, globalns=vars(model), localns={"Policy": Policy})
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    # The order of registration matters: a later hook takes precedence over an earlier one.
    _register_scalars(conv)
    _register_containers(conv)
    _register_classes(conv)
    _register_unstructure(conv)
    return conv


# ------------------------------------------------------------------ structure
def _register_scalars(conv: cattrs.Converter) -> None:
    """Strict numbers, strings and booleans: no silent conversions."""
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)


def _register_containers(conv: cattrs.Converter) -> None:
    """Arrays (homogeneous tuples) and tables (mappings), collecting every bad element."""

    def structure_tuple(value: Any, t: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Invalid(f"must be an array, got {_show(value)}")
        item_type = get_args(t)[0]
        hook = conv.get_structure_hook(item_type)
        items, errors = [], []
        for i, item in enumerate(value):
            try:
                items.append(hook(item, item_type))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"Structuring {t} @ index {i}", i, item_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(items)

    def structure_mapping(value: Any, t: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Invalid(f"must be a table, got {_show(value)}")
        key_type, value_type = get_args(t)
        key_hook = conv.get_structure_hook(key_type)
        value_hook = conv.get_structure_hook(value_type)
        out, errors = {}, []
        for key, item in value.items():
            try:
                out[key_hook(key, key_type)] = value_hook(item, value_type)
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"Structuring {t} @ key {key!r}", key, t))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return out

    conv.register_structure_hook_func(_is_homogeneous_tuple, structure_tuple)
    conv.register_structure_hook_func(_is_mapping, structure_mapping)


def _register_classes(conv: cattrs.Converter) -> None:
    """Attrs classes, the policy and matcher unions (tagged by ``kind``) and the catalog."""
    conv.register_structure_hook_factory(attrs.has, functools.partial(_attrs_hook, conv))
    conv.register_structure_hook_func(
        lambda t: t == Policy, _tagged_hook(conv, _POLICIES, "policy")
    )
    conv.register_structure_hook_func(
        lambda t: t is Matcher, _tagged_hook(conv, _MATCHERS, "matcher")
    )
    conv.register_structure_hook(SkillCatalog, _catalog_hook(conv))


def _attrs_hook(conv: cattrs.Converter, cl: type) -> Callable[[Any, Any], Any]:
    """The hook of an attrs class: a table, each field checked as it is structured."""
    attrs.resolve_types(cl)  # postponed annotations: the field types are strings
    overrides: dict[str, Any] = {}
    for a in attrs.fields(cl):
        if not a.init:
            continue
        checks = _own_checks(a.validator)
        extra = _EXTRA_CHECKS.get((cl, a.name))
        if checks or extra:
            overrides[a.name] = override(
                struct_hook=_checked(conv.get_structure_hook(a.type), a, checks, extra)
            )
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(cl, conv, **overrides)

    def structure_attrs(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _Invalid(f"must be a table, got {_show(value)}")
        return structure(value, cl)

    return structure_attrs


def _tagged_hook(
    conv: cattrs.Converter, union: tuple[type, ...], what: str
) -> Callable[[Any, Any], Any]:
    """The hook of a union whose table names its class with a ``kind`` key."""
    by_kind = {_kind_of(cl): cl for cl in union}
    kinds = ", ".join(repr(k) for k in by_kind)

    def structure_tagged(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            example = f"{{ kind = {_string(next(iter(by_kind)))} }}"
            raise _Invalid(f"must be a {what} table such as {example}, got {_show(value)}")
        if "kind" not in value:
            raise _MissingKey("kind")
        kind = value["kind"]
        cl = by_kind.get(kind) if isinstance(kind, str) else None
        if cl is None and union is _POLICIES and isinstance(kind, str):
            cl = _POLICY_ALIASES.get(kind)  # an old spelling, e.g. "internal_freelance"
        if cl is None:
            raise _Invalid(f"must be one of {kinds}, got {_show(kind)}", ("kind",))
        rest = {k: v for k, v in value.items() if k != "kind"}
        return conv.structure(rest, cl)

    return structure_tagged


def _catalog_hook(conv: cattrs.Converter) -> Callable[[Any, Any], SkillCatalog]:
    """The catalog: ``"default"`` for the shipped one, otherwise a full table."""
    structure_catalog_table = _attrs_hook(conv, SkillCatalog)

    def structure_catalog(value: Any, _: Any) -> SkillCatalog:
        if value == DEFAULT_CATALOG:
            return SkillCatalog.default()
        if not isinstance(value, dict):
            raise _Invalid(
                f'must be "{DEFAULT_CATALOG}" or a table with skills and similarity, '
                f"got {_show(value)}"
            )
        return structure_catalog_table(value, SkillCatalog)

    return structure_catalog


# ---------------------------------------------------------------- unstructure
def _register_unstructure(conv: cattrs.Converter) -> None:
    """Arrays as lists, numpy values as Python ones, kinds for policies and matchers."""
    conv.register_unstructure_hook_func(
        _is_homogeneous_tuple, lambda value: [conv.unstructure(x) for x in value]
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, np.generic), lambda v: v.item()
    )
    conv.register_unstructure_hook(np.ndarray, lambda v: v.tolist())

    role_base = make_dict_unstructure_fn(Role, conv)

    def unstructure_role(value: Role) -> dict[str, Any]:
        doc = role_base(value)  # positions before the (longer) skills
        return {"name": doc["name"], "positions": doc["positions"], "skills": doc["skills"]}

    conv.register_unstructure_hook(Role, unstructure_role)
    for cl in _MATCHERS:
        conv.register_unstructure_hook(cl, functools.partial(_matcher_kind, kind=_kind_of(cl)))

    def unstructure_matcher(value: Any) -> dict[str, Any]:
        if type(value) not in _MATCHERS:
            raise ValueError(
                f"matcher: cannot write {value!r} to a scenario file; only BestFit, "
                "MostInterested and RandomMatch have a kind a file can name"
            )
        return conv.unstructure(value)

    conv.register_unstructure_hook_func(lambda t: t is Matcher, unstructure_matcher)
    for cl in _POLICIES:
        base: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cl, conv)
        conv.register_unstructure_hook(
            cl, functools.partial(_with_kind, base=base, kind=_kind_of(cl))
        )
    conv.register_unstructure_hook_func(lambda t: t == Policy, conv.unstructure)

    def unstructure_catalog(value: SkillCatalog) -> Any:
        return DEFAULT_CATALOG if value == SkillCatalog.default() else catalog_table(value)

    conv.register_unstructure_hook(SkillCatalog, unstructure_catalog)


def _checked(
    hook: Callable[[Any, Any], Any],
    attribute: attrs.Attribute[Any],
    checks: list[Callable[[Any, Any, Any], None]],
    extra: Callable[[Any], None] | None,
) -> Callable[[Any, Any], Any]:
    def structure_checked(value: Any, t: Any) -> Any:
        result = hook(value, t)
        for check in checks:
            check(None, attribute, result)
        if extra is not None:
            extra(result)
        return result

    return structure_checked


def _with_kind(value: Any, *, base: Callable[[Any], dict[str, Any]], kind: str) -> dict[str, Any]:
    return {"kind": kind, **base(value)}


def _matcher_kind(value: Any, *, kind: str) -> dict[str, Any]:
    return {"kind": kind}


@functools.cache
def converter() -> cattrs.Converter:
    """The converter between scenarios and TOML documents (built once, then reused).

    Structuring is strict (no silent conversions: ``"1.5"`` is not a number, ``1``
    is not ``true``), rejects unknown keys and collects every problem it can.
    """
    return _build_converter()
