"""Field docstrings of attrs classes, read from the source.

A field's docstring is the string literal written right after it. Python does
not keep those literals at runtime, so they are read here from the module
source with :mod:`ast`. Two consumers share this module: the documentation
generators under ``docs/`` and the commented scenario-file template of
:mod:`microjob._toml`.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ClassDoc", "FieldDoc", "class_doc", "clean", "module_docs", "plain_number"]

# Validators of microjob._checks rendered as the allowed range of a field.
_SIMPLE_VALIDATORS = {
    "unit_interval": "[0, 1]",
    "positive": "> 0",
    "non_negative": "≥ 0",
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
            args = [ast.literal_eval(a) for a in v.args]
            if v.func.id == "between" and len(args) == 2:
                return f"[{plain_number(args[0])}, {plain_number(args[1])}]"
            if v.func.id == "count":
                low = args[0] if args else 0
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
