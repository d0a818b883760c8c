"""Scenario files in TOML: reading, writing, a commented template and readable errors.

Reading parses with the standard library's :mod:`tomllib` (no code is ever
executed) and structures the document with a dedicated :class:`cattrs.Converter`.
Writing unstructures with the same converter and formats the result with a small
TOML emitter for the shapes a scenario produces. Floats are written with
``repr``, so a written file reads back to an equal scenario.

Layout of a file (one TOML table per class):

* top level: :class:`~microjob.scenario.Scenario` (``name``, ``description``,
  ``warmup_years``, ``horizon_years``, ``catalog``);
* ``[[companies]]``: one :class:`~microjob.model.Company` per simulated company, with
  ``roles`` an array of inline tables (:class:`~microjob.model.Role`) and
  ``[companies.policy]`` its policy;
* ``[outside]`` and ``[outside.policy]``: the outside market;
* ``[population]``, ``[market]``, ``[quality]``, ``[learning]``, ``[mindset]``,
  ``[gigs]``: the submodel parameters.

Policies and matchers are tagged unions: the table's ``kind`` key
(``"traditional"``, ``"internal-freelance"``; ``"best_fit"``, ``"most_interested"``,
``"random"``) names the class. The skill catalog is written as ``catalog =
"default"`` when it equals :meth:`SkillCatalog.default() <microjob.model.SkillCatalog.default>`
(loading restores it exactly) and otherwise, or with ``full_catalog=True``, in full
as a ``[catalog]`` table: ``skills`` (name and family of each) and ``similarity``
(one matrix row per line).

Loading a bad file raises :class:`ScenarioFileError`, whose message has one line
per problem, each naming the TOML path and the bad value.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import textwrap
import tomllib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

import attrs
import cattrs
import numpy as np
import tomlkit
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from tomlkit.container import Container
from tomlkit.items import Comment, Item, Table, Trivia

from microjob import model
from microjob._fielddocs import ClassDoc, class_doc
from microjob.model import Company, Role, SkillCatalog
from microjob.policies import (
    POLICY_KINDS,
    BestFit,
    InternalFreelance,
    Matcher,
    MostInterested,
    Policy,
    RandomMatch,
)

if TYPE_CHECKING:
    from microjob.scenario import Scenario

__all__ = [
    "DEFAULT_CATALOG",
    "INLINE",
    "ScenarioFileError",
    "catalog_table",
    "converter",
    "dumps",
    "format_path",
    "load",
    "loads",
    "problems",
    "scenario_to_toml",
    "scenario_to_toml_string",
    "structure",
    "template",
    "unstructure",
]

DEFAULT_CATALOG = "default"
"""Value of ``catalog`` that stands for :meth:`SkillCatalog.default`."""

Path = tuple[str | int, ...]
"""A position in a TOML document: table keys and array indices."""

T = TypeVar("T")

# Top-level keys written first and last.
_TOP_FIRST = ("name", "description", "warmup_years", "horizon_years")
_TOP_LAST = ("catalog",)

_POLICIES: tuple[type, ...] = tuple(entry.policy_class for entry in POLICY_KINDS)
_POLICY_ALIASES: dict[str, type] = {
    alias: entry.policy_class for entry in POLICY_KINDS for alias in entry.aliases
}
_MATCHERS: tuple[type, ...] = (BestFit, MostInterested, RandomMatch)

# Values written inline (on one line per element) rather than as [tables] or
# [[arrays of tables]]; paths without array indices.
INLINE: frozenset[tuple[str, ...]] = frozenset(
    {
        ("companies", "roles"),
        ("outside", "roles"),
        ("companies", "policy", "matcher"),
        ("outside", "policy", "matcher"),
        ("catalog", "skills"),
    }
)

_HEADER = (
    "microjob scenario file: load it with microjob.Scenario.from_toml(path).",
    "Keys, units and defaults: docs/scenario-files.md.",
)


# ====================================================================== errors
class ScenarioFileError(ValueError):
    """A scenario file that cannot be loaded.

    ``problems`` holds one line per problem, each naming where it is (a TOML
    path such as ``companies[2].policy.time_share``) and the bad value. The
    message is ``source: problem`` for a single problem, otherwise a count
    followed by one indented line per problem.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        """File name (or ``<string>``) the problems were found in."""
        self.problems = list(problems)
        """One line per problem."""
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            lines = "".join(f"\n  {p}" for p in self.problems)
            message = f"{source}: {len(self.problems)} problems{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.problems))


class _Invalid(ValueError):
    """A bad value found by a structure hook; ``path`` is relative to the hook's value."""

    def __init__(self, message: str, path: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class _MissingKey(ValueError):
    """A required key missing from the table the hook was given."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_MESSAGE_PATH = re.compile(r"([A-Za-z_]\w*(?:\[\d+\]|\.[\w-]+)*): (.+)", re.DOTALL)
_LONG = 160


def format_path(path: Path) -> str:
    """``("companies", 2, "policy")`` as ``companies[2].policy``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else _string(part)
            out += f".{key}" if out else key
    return out


_PATH_TOKEN = re.compile(r"(?:^|\.)([\w-]+)|\[(\d+)\]")


def _relative(text: str) -> Path:
    """A path written in a validator message (``roles[2].skills.x``) as path parts."""
    return tuple(
        int(m.group(2)) if m.group(2) is not None else m.group(1)
        for m in _PATH_TOKEN.finditer(text)
    )


def _show(value: Any) -> str:
    """A bad value as the problem line shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shorten(message: str) -> str:
    return message if len(message) <= _LONG else message[: _LONG - 3] + "..."


def _at(path: Path, message: str) -> str:
    where = format_path(path)
    return f"{where}: {message}" if where else message


def _in(path: Path) -> str:
    where = format_path(path)
    return f" in {where}" if where else ""


def _message_line(message: str, path: Path) -> str:
    """A validator message (``field: must be ...``) made relative to the document root."""
    match = _MESSAGE_PATH.fullmatch(message)
    if match is None:
        return _at(path, _shorten(message))
    return _at((*path, *_relative(match.group(1))), _shorten(match.group(2)))


def _toml_keys(cl: type) -> list[str]:
    return [a.name for a in attrs.fields(cl) if a.init]


def _unknown_key(key: str, path: Path, cl: type) -> str:
    line = f"unknown key {key!r}{_in(path)}"
    close = difflib.get_close_matches(key, _toml_keys(cl), n=1, cutoff=0.6)
    if close:
        return f"{line}; did you mean {close[0]!r}?"
    for union in (_POLICIES, _MATCHERS):
        if cl in union:
            owners = [_kind_of(o) for o in union if o is not cl and key in _toml_keys(o)]
            if owners:
                return f"{line}; it is a key of kind {owners[0]!r}, not {_kind_of(cl)!r}"
    return line


def problems(exc: BaseException, path: Path = ()) -> list[str]:
    """Problem lines for an exception raised while structuring a document.

    cattrs groups a failed structuring into nested exception groups and notes
    which field or element each inner error belongs to; ``group_exceptions()``,
    the step :func:`cattrs.transform_error` is built on, pairs every inner error
    with its note here too. The walk over the groups and the text stay ours,
    because ``transform_error`` hands back finished ``"message @ $.path"``
    strings, and the lines here need the path as parts: to anchor a validator's
    message that names a nested field (``roles[2].skills.x: ...``) under the
    field it came from, to spell keys as the TOML file does
    (``companies[2].policy.time_share``), and to turn one error about unknown
    keys into one line per key, each with its closest known key.
    """
    out: list[str] = []
    _collect(exc, path, out)
    return out


def _collect(exc: BaseException, path: Path, out: list[str]) -> None:
    if isinstance(exc, ClassValidationError):
        with_field, other = exc.group_exceptions()
        for sub, field in with_field:
            _attribute_problem(sub, path, field.name, out)
        for sub in other:
            _collect(sub, path, out)
    elif isinstance(exc, IterableValidationError):
        with_index, other = exc.group_exceptions()
        for sub, element in with_index:
            _collect(sub, (*path, element.index), out)
        for sub in other:
            _collect(sub, path, out)
    elif isinstance(exc, ForbiddenExtraKeysError):
        out.extend(_unknown_key(k, path, exc.cl) for k in sorted(exc.extra_fields))
    elif isinstance(exc, _MissingKey):
        out.append(f"missing key {exc.key!r}{_in(path)}")
    elif isinstance(exc, _Invalid):
        out.append(_at((*path, *exc.path), exc.message))
    elif isinstance(exc, ValueError | TypeError):
        out.append(_message_line(str(exc), path))
    else:
        out.append(_at(path, f"unexpected {type(exc).__name__}: {_shorten(str(exc))}"))


def _attribute_problem(exc: BaseException, path: Path, name: str, out: list[str]) -> None:
    if isinstance(exc, KeyError) and exc.args == (name,):
        out.append(f"missing key {name!r}{_in(path)}")
        return
    if (
        isinstance(exc, ValueError | TypeError)
        and not isinstance(exc, _Invalid | _MissingKey | BaseValidationError)
        and (match := _MESSAGE_PATH.fullmatch(str(exc)))
        and re.match(rf"{re.escape(name)}(?![\w])", match.group(1))
    ):
        # A validator's message already names the field: "time_share: must be ...".
        out.append(_at((*path, *_relative(match.group(1))), _shorten(match.group(2))))
        return
    _collect(exc, (*path, name), out)


# =================================================================== converter
def _kind_of(cl: type) -> str:
    for entry in POLICY_KINDS:
        if entry.policy_class is cl:
            return entry.kind
    return str(attrs.fields_dict(cl)["kind"].default)


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
        if not weight > 0:
            exc = _Invalid(f"weight must be a number > 0, got {weight!r}")
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

    # ------------------------------------------------------------ structure
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)

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

    def attrs_hook(cl: type) -> Callable[[Any, Any], Any]:
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

    conv.register_structure_hook_factory(attrs.has, attrs_hook)

    def tagged(union: tuple[type, ...], what: str) -> Callable[[Any, Any], Any]:
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
            if cl is None and union is _POLICIES:  # an old spelling, e.g. "internal_freelance"
                cl = _POLICY_ALIASES.get(kind)
            if cl is None:
                raise _Invalid(f"must be one of {kinds}, got {_show(kind)}", ("kind",))
            rest = {k: v for k, v in value.items() if k != "kind"}
            return conv.structure(rest, cl)

        return structure_tagged

    conv.register_structure_hook_func(lambda t: t == Policy, tagged(_POLICIES, "policy"))
    conv.register_structure_hook_func(lambda t: t is Matcher, tagged(_MATCHERS, "matcher"))

    structure_catalog_table = attrs_hook(SkillCatalog)

    def structure_catalog(value: Any, _: Any) -> SkillCatalog:
        if value == DEFAULT_CATALOG:
            return SkillCatalog.default()
        if not isinstance(value, dict):
            raise _Invalid(
                f'must be "{DEFAULT_CATALOG}" or a table with skills and similarity, '
                f"got {_show(value)}"
            )
        return structure_catalog_table(value, SkillCatalog)

    conv.register_structure_hook(SkillCatalog, structure_catalog)

    # ---------------------------------------------------------- unstructure
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

    return conv


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


def catalog_table(catalog: SkillCatalog) -> dict[str, Any]:
    """``catalog`` written in full: its skills and its similarity matrix."""
    return {
        "skills": [{"name": s.name, "family": s.family} for s in catalog.skills],
        "similarity": [list(row) for row in catalog.similarity],
    }


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


# ===================================================================== reading
def loads(text: str, cls: type[T], *, source: str = "<string>") -> T:
    """The scenario (an instance of ``cls``) in TOML ``text``; ``source`` names it in errors.

    Raises :class:`ScenarioFileError` listing every problem found.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        syntax = f"invalid TOML: {exc}"
    else:
        return structure(document, cls, source=source)
    raise ScenarioFileError(source, [syntax])


def load(path: str | os.PathLike[str], cls: type[T]) -> T:
    """The scenario (an instance of ``cls``) in the TOML file at ``path``.

    Raises :class:`ScenarioFileError` for a file that is not valid UTF-8 TOML or
    does not describe a valid scenario (``OSError`` if it cannot be read).
    """
    source = os.fspath(path)
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = exc.reason
    else:
        return loads(text, cls, source=source)
    raise ScenarioFileError(source, [f"invalid TOML: not UTF-8 text ({reason})"])


def structure(document: Mapping[str, Any], cls: type[T], *, source: str = "<string>") -> T:
    """The scenario (an instance of ``cls``) described by a parsed TOML ``document``."""
    try:
        return converter().structure(dict(document), cls)
    except Exception as exc:
        found = problems(exc) or [repr(exc)]
    # Raised outside the handler, so the error carries no chained cattrs exception:
    # the message already says everything, and the error pickles cleanly (also where
    # a library such as tblib pickles exception chains).
    raise ScenarioFileError(source, found)


# ===================================================================== writing
def unstructure(scenario: Scenario, *, full_catalog: bool = False) -> dict[str, Any]:
    """``scenario`` as a TOML-shaped document (tables as dicts, arrays as lists).

    The shipped catalog becomes ``"default"`` unless ``full_catalog`` is true.
    """
    if not attrs.has(type(scenario)):
        raise TypeError(f"expected a Scenario, got {scenario!r}")
    doc: dict[str, Any] = converter().unstructure(scenario)
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
    return dumps(doc, comments=_row_labels(doc, scenario), header=_HEADER)


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
    return dumps(doc, comments=comments, header=header)


def _row_labels(doc: Mapping[str, Any], scenario: Scenario) -> dict[Path, list[str]]:
    """Skill names as trailing comments on the rows of a written similarity matrix."""
    if doc.get("catalog") == DEFAULT_CATALOG:
        return {}
    return {("catalog", "similarity", i): [name] for i, name in enumerate(scenario.catalog.names)}


# ------------------------------------------------------------------- emitter
def dumps(
    document: Mapping[str, Any],
    *,
    comments: Mapping[Path, Sequence[str]] | None = None,
    header: Sequence[str] = (),
    inline: frozenset[tuple[str, ...]] = INLINE,
) -> str:
    """Format a document (nested dicts and lists of TOML values) as TOML text.

    :mod:`tomlkit` writes the values, keys, tables and comments; this function
    only decides the layout. Within a table, single-line values come first, then
    multi-line arrays, then sub-tables (``[a.b]``) and arrays of tables
    (``[[a]]``), each table after a blank line. Values at the key paths in
    ``inline`` (paths without array indices) are written as inline tables
    instead. ``comments`` maps a document path to comment lines written above
    its key or header; for an element of a multi-line array, to a comment at the
    end of its line. Floats are written with ``repr`` (``inf``, ``nan`` as TOML
    spells them), so values read back exactly.
    """
    out = tomlkit.document()
    layout = _Layout(comments or {}, inline)
    for line in header:
        out.add(_comment(line))
    if header:
        out.add(tomlkit.nl())
        layout.blank = True
    layout.table(out, document, (), ())
    return out.as_string()


def _string(value: str) -> str:
    """``value`` as a TOML basic string."""
    return _value(value).as_string()


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")


def _comment_text(text: str) -> str:
    """``text`` with the characters TOML forbids in comments written as escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def _comment(text: str) -> Comment:
    """A comment line ``# text`` (a bare ``#`` for an empty text)."""
    return Comment(Trivia(comment=f"# {_comment_text(text)}".rstrip()))


def _value(value: Any) -> Item:
    """``value`` as a tomlkit item on one line: scalars, arrays and inline tables."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        raise TypeError("cannot write None to TOML")
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        raise ValueError(f"integer {value} does not fit TOML's 64-bit integers")
    if isinstance(value, str) and _SURROGATE.search(value):
        code = ord(_SURROGATE.search(value).group())  # type: ignore[union-attr]
        raise ValueError(f"cannot write a lone surrogate (U+{code:04X}) to TOML: {value!r}")
    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        for key, item in value.items():
            table.append(key, _value(item))
        return table
    if isinstance(value, list | tuple | np.ndarray):
        array = tomlkit.array()
        array.extend(_value(item) for item in value)
        return array
    if not isinstance(value, bool | int | float | str):
        raise TypeError(f"cannot write {value!r} ({type(value).__name__}) to TOML")
    return tomlkit.item(value)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _inline(value: Any) -> str:
    """A value as TOML text on one line."""
    return _value(value).as_string()


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _is_multiline(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, Mapping | list | tuple) for v in value)
    )


class _Layout:
    """Adds a document's keys to tomlkit containers in the order and shape of :func:`dumps`."""

    def __init__(self, comments: Mapping[Path, Sequence[str]], inline: frozenset[tuple[str, ...]]):
        self.comments = comments
        self.inline = inline
        self.blank = True  # the text so far ends with a blank line (or is empty)

    def comment(self, into: Container | Table, path: Path) -> None:
        for line in self.comments.get(path, ()):
            into.add(_comment(line))
            self.blank = False

    def gap(self, into: Container | Table) -> None:
        if not self.blank:
            into.add(tomlkit.nl())
            self.blank = True

    def table(
        self, into: Container | Table, table: Mapping[str, Any], path: Path, schema: Path
    ) -> None:
        single, multi, tables = [], [], []
        for key, value in table.items():
            if not isinstance(key, str):
                raise TypeError(f"TOML keys are strings, got {key!r} in {format_path(path)}")
            if value is None:
                raise TypeError(f"cannot write None to TOML ({format_path((*path, key))})")
            nested = (*schema, key) in self.inline
            if (isinstance(value, Mapping) or _is_table_array(value)) and not nested:
                tables.append(key)
            elif _is_multiline(value):
                multi.append(key)
            else:
                single.append(key)
        for key in single:
            self.comment(into, (*path, key))
            into.add(key, _value(table[key]))
            self.blank = False
        for key in multi:
            self.comment(into, (*path, key))
            array = tomlkit.array()
            for i, item in enumerate(table[key]):
                label = self.comments.get((*path, key, i))
                text = _comment_text(" ".join(label)) if label else None
                array.add_line(_value(item), comment=text)
            array.add_line(indent="")
            into.add(key, array)
            self.blank = False
        for key in tables:
            value = table[key]
            if isinstance(value, Mapping):
                self.gap(into)
                self.comment(into, (*path, key))
                sub = tomlkit.table(is_super_table=False)
                into.add(key, sub)
                sub.trivia.indent = ""  # the blank line above is ours
                self.blank = False
                self.table(sub, value, (*path, key), (*schema, key))
                continue
            self.gap(into)
            self.comment(into, (*path, key))
            tables_array = tomlkit.aot()
            into.add(key, tables_array)
            for i, item in enumerate(value):
                element = tomlkit.table(is_super_table=False)
                if i:
                    previous = tables_array[i - 1]
                    self.gap(previous)
                    self.comment(previous, (*path, key, i))
                tables_array.append(element)
                element.trivia.indent = ""
                self.blank = False
                self.table(element, item, (*path, key, i), (*schema, key))


# -------------------------------------------------------------- template docs
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
