"""Field docstrings of attrs classes, read from the source.

A field's docstring is the string literal written right after it. Python does
not keep those literals at runtime, so they are read here from the module
source with :mod:`ast`. Three consumers share this module: the documentation
generators under ``docs/``, the commented scenario-file template of
:mod:`microjob._toml`, and :func:`install_field_docs`, which adds a
``Fields`` section (name, type, default, unit or allowed range, meaning) to the
``__doc__`` of the public attrs classes, so that ``help(mj.Population)`` says
what every field means.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import inspect
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "DOCUMENTED_MODULES",
    "FIELDS_HEADING",
    "ClassDoc",
    "FieldDoc",
    "class_doc",
    "clean",
    "fields_section",
    "install_field_docs",
    "module_docs",
    "plain_number",
]

# Validators of microjob._checks rendered as the allowed range of a field.
_SIMPLE_VALIDATORS = {
    "unit_interval": "[0, 1]",
    "positive": "(0, 1e9]",
    "non_negative": "[0, 1e9]",
    "non_empty_str": "non-empty text",
    "floats_in_unit": "values in [0, 1]",
}


@dataclass(frozen=True)
class FieldDoc:
    """One attrs field as written in the source."""

    name: str
    """Field name."""
    annotation: str
    """The annotation as written (a string, since modules use postponed annotations)."""
    default_source: str | None
    """Source text of the default or factory, or None when the field is required."""
    allowed: str
    """The allowed range derived from the validator (``[0, 1]``, ``> 0``), or ``""``."""
    doc: str
    """The docstring on one line, or ``""``."""
    init: bool
    """False for fixed tags (``attrs.field(init=False)``) such as a policy's ``kind``."""


@dataclass(frozen=True)
class ClassDoc:
    """One attrs class as written in the source."""

    module: str
    """Dotted module name, such as ``microjob.scenario``."""
    path: str
    """Source path relative to the repository root, such as ``microjob/scenario.py``."""
    name: str
    """Class name."""
    doc: str
    """Class docstring on one line."""
    fields: tuple[FieldDoc, ...] = field(default=())
    """Fields in source order."""

    def field(self, name: str) -> FieldDoc | None:
        """The field called ``name``, or None."""
        for f in self.fields:
            if f.name == name:
                return f
        return None


def clean(text: str) -> str:
    """A docstring on one line (paragraph breaks kept as a single space)."""
    return " ".join(inspect.cleandoc(text).split())


def plain_number(x: Any) -> str:
    """A number as a reader would write it: ``0.3``, ``30,000``, ``22``, ``true``."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return f"{x:,}" if abs(x) >= 10_000 else str(x)
    if isinstance(x, float):
        if math.isinf(x) or math.isnan(x):
            return str(x)
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}" if abs(x) >= 10_000 else f"{int(x)}"
        text = repr(x)
        return text if len(text) <= 8 else f"{x:.6g}"
    return repr(x)


def _is_attrs_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    text = ast.unparse(target)
    return text.split(".")[0] in {"attrs", "attr"} and text.rsplit(".", 1)[-1] in {
        "frozen",
        "define",
        "mutable",
        "s",
        "attrs",
    }


def _field_call(value: ast.expr | None) -> ast.Call | None:
    if (
        isinstance(value, ast.Call)
        and ast.unparse(value.func).rsplit(".", 1)[-1] in {"field", "ib", "attrib"}
        and ast.unparse(value.func).split(".")[0] in {"attrs", "attr"}
    ):
        return value
    return None


def _literal(node: ast.expr) -> Any:
    """A validator's argument: a literal, or a limit named in ``microjob._checks``."""
    if isinstance(node, ast.Name):
        from microjob import _checks

        return getattr(_checks, node.id)
    return ast.literal_eval(node)


def _allowed(call: ast.Call | None) -> str:
    if call is None:
        return ""
    for kw in call.keywords:
        if kw.arg != "validator":
            continue
        v = kw.value
        if isinstance(v, ast.Name) and v.id in _SIMPLE_VALIDATORS:
            return _SIMPLE_VALIDATORS[v.id]
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            args = [_literal(a) for a in v.args]
            if v.func.id == "between" and len(args) == 2:
                return f"[{plain_number(args[0])}, {plain_number(args[1])}]"
            if v.func.id == "count":
                low = args[0] if args else 0
                if len(args) > 1:
                    return f"whole number in [{plain_number(low)}, {plain_number(args[1])}]"
                return f"whole number ≥ {low}"
        return f"checked by `{ast.unparse(v)}`"
    return ""


def _default_source(node: ast.AnnAssign) -> str | None:
    call = _field_call(node.value)
    if call is None:
        return None if node.value is None else ast.unparse(node.value)
    for kw in call.keywords:
        if kw.arg in {"default", "factory"}:
            return ast.unparse(kw.value)
    return None


def _init_flag(node: ast.AnnAssign) -> bool:
    call = _field_call(node.value)
    if call is None:
        return True
    for kw in call.keywords:
        if kw.arg == "init" and isinstance(kw.value, ast.Constant):
            return bool(kw.value.value)
    return True


def _class_fields(cls_node: ast.ClassDef) -> Iterator[FieldDoc]:
    body = cls_node.body
    for i, stmt in enumerate(body):
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        if "ClassVar" in ast.unparse(stmt.annotation):
            continue
        doc = ""
        if i + 1 < len(body):
            nxt = body[i + 1]
            if (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                doc = clean(nxt.value.value)
        yield FieldDoc(
            name=stmt.target.id,
            annotation=ast.unparse(stmt.annotation),
            default_source=_default_source(stmt),
            allowed=_allowed(_field_call(stmt.value)),
            doc=doc,
            init=_init_flag(stmt),
        )


def _source_file(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise OSError(f"no Python source for module {module!r}")
    return Path(spec.origin)


def module_docs(module: str, only: tuple[str, ...] | None = None) -> list[ClassDoc]:
    """Every attrs class of ``module`` (or the ones named in ``only``), in source order.

    Raises ``OSError`` when the module's source file is not available.
    """
    path = _source_file(module)
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    out = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if not any(_is_attrs_decorator(d) for d in node.decorator_list):
            continue
        if only is not None and node.name not in only:
            continue
        out.append(
            ClassDoc(
                module=module,
                path=module.replace(".", "/") + ".py",
                name=node.name,
                doc=clean(ast.get_docstring(node) or ""),
                fields=tuple(_class_fields(node)),
            )
        )
    return out


def class_doc(cls: type) -> ClassDoc | None:
    """The source documentation of the attrs class ``cls``, or None if its source is missing."""
    try:
        found = module_docs(cls.__module__, (cls.__name__,))
    except (OSError, SyntaxError):
        return None
    return found[0] if found else None


# ------------------------------------------------------------ runtime __doc__
FIELDS_HEADING = "Fields"
"""Title of the section :func:`install_field_docs` appends to a class docstring.

The API reference page strips the section again (``docs/_api_extension.py``):
mkdocstrings renders the field docstrings itself.
"""

# Units that a field's name spells out, by suffix (the first match wins).
_NAME_UNITS = (
    ("_per_year", "per year"),
    ("_per_week", "per week"),
    ("_per_month", "per month"),
    ("_monthly", "per month"),
    ("_years", "years"),
    ("_weeks", "weeks"),
    ("_months", "months"),
)
_WIDTH = 79
# Modules whose public attrs classes get the section (``import microjob`` installs it).
DOCUMENTED_MODULES = (
    "microjob.scenario",
    "microjob.model",
    "microjob.policies",
    "microjob.records",
    "microjob.summary",
    "microjob.survival",
    "microjob.experiment.comparison",
    "microjob.experiment.sweeps",
)
_MAX_DEFAULT = 60


@functools.cache
def _source_classes(module: str) -> dict[str, ClassDoc]:
    """The attrs classes of ``module`` by name, parsed once; empty without source."""
    try:
        return {doc.name: doc for doc in module_docs(module)}
    except (OSError, SyntaxError, ValueError):
        return {}


def _source_field(cls: type, name: str) -> FieldDoc | None:
    """The source documentation of field ``name``, from ``cls`` or the base defining it."""
    for klass in cls.__mro__:
        if not attrs.has(klass):
            continue
        doc = _source_classes(klass.__module__).get(klass.__qualname__)
        found = doc.field(name) if doc is not None else None
        if found is not None:
            return found
    return None


def _default_text(attribute: Any) -> str:
    default = attribute.default
    if default is attrs.NOTHING:
        return "required"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return "default computed from the other fields"
        factory = default.factory
        if factory in (dict, list, set, tuple, frozenset):
            return f"default {factory()!r}"
        return f"default {getattr(factory, '__qualname__', repr(factory))}()"
    if isinstance(default, bool) or not isinstance(default, int | float):
        text = repr(default)
    else:
        text = plain_number(default)
    if len(text) > _MAX_DEFAULT:
        text = text[: _MAX_DEFAULT - 1] + "…"
    return f"default {text}"


def _unit(attribute: Any) -> str:
    """The unit from the field's measure metadata (RunSummary), else from its name."""
    from microjob.summary import MEASURE

    info = attribute.metadata.get(MEASURE)
    if info is not None:
        if info.scale == 1:
            return f"unit: {info.unit}"
        return f"unit (shown × {plain_number(info.scale)}): {info.unit}"
    for suffix, unit in _NAME_UNITS:
        if attribute.name.endswith(suffix):
            return f"unit: {unit}"
    return ""


def fields_section(cls: type) -> str | None:
    """The ``Fields`` section for the attrs class ``cls``, or None without its source.

    One entry per field, in definition order: ``name : type`` and the default,
    unit and allowed range where known, then the field docstring, wrapped.
    """
    import textwrap  # here, not at the top: only help() needs it

    if not attrs.has(cls) or _source_classes(cls.__module__).get(cls.__qualname__) is None:
        return None
    lines = [FIELDS_HEADING, "-" * len(FIELDS_HEADING)]
    for attribute in attrs.fields(cls):
        src = _source_field(cls, attribute.name)
        if src is not None:
            kind = src.annotation
        elif isinstance(attribute.type, str):
            kind = attribute.type
        else:
            kind = getattr(attribute.type, "__name__", "")
        head = f"{attribute.name} : {kind}" if kind else attribute.name
        if not attribute.init:
            notes = [f"fixed: {attribute.default!r}"]
        else:
            notes = [_default_text(attribute), _unit(attribute)]
            # A private validator's name says nothing to a reader of help().
            if src is not None and src.allowed and not src.allowed.startswith("checked by `_"):
                notes.append(f"allowed: {src.allowed}")
        lines.append(", ".join([head, *(n for n in notes if n)]))
        if src is not None and src.doc:
            lines.extend(
                textwrap.wrap(src.doc, _WIDTH, initial_indent="    ", subsequent_indent="    ")
            )
    return "\n".join(lines)


class _DocWithFields:
    """A class's ``__doc__`` that gains its ``Fields`` section when first read.

    ``type.__doc__`` calls ``__get__`` of a descriptor stored as ``__doc__`` in
    the class dictionary, so ``help()``, :func:`inspect.getdoc` and
    ``cls.__doc__`` all see the full text, while ``import microjob`` only pays
    for creating these objects: the source is parsed on the first read (about
    10 ms per module), not at import.
    """

    __slots__ = ("_doc", "_full")

    def __init__(self, doc: str | None) -> None:
        self._doc = doc
        self._full: tuple[str | None] | None = None  # (text,) once built

    def __get__(self, obj: object, owner: type | None = None) -> str | None:
        if self._full is None:
            cls = owner if owner is not None else type(obj)
            try:
                section = fields_section(cls)
            except Exception:  # a docstring must never make help() fail
                section = None
            if section is None:
                self._full = (self._doc,)
            elif self._doc:
                self._full = (f"{inspect.cleandoc(self._doc)}\n\n{section}\n",)
            else:
                self._full = (f"{section}\n",)
        return self._full[0]


def install_field_docs(modules: tuple[str, ...] = DOCUMENTED_MODULES) -> None:
    """Give every public attrs class defined in ``modules`` a ``Fields`` section.

    ``modules`` are dotted names of imported modules (others are skipped). Each class's ``__doc__``
    is replaced, once, by a :class:`_DocWithFields` holding the original text;
    the section is built on first read. Without the module source (a
    bytecode-only install) the docstring reads as before.
    """
    for name in modules:
        module = sys.modules.get(name)
        if module is None:
            continue
        for attr_name, cls in vars(module).items():
            if (
                isinstance(cls, type)
                and not attr_name.startswith("_")
                and cls.__module__ == name
                and attrs.has(cls)
                and not isinstance(cls.__dict__.get("__doc__"), _DocWithFields)
            ):
                cls.__doc__ = _DocWithFields(cls.__doc__)  # type: ignore[assignment]
