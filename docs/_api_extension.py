"""Griffe extension for the API reference page (``docs/api.md``).

mkdocstrings reads the docstrings with Griffe; this extension, registered under
``plugins.mkdocstrings.handlers.python.options.extensions`` in ``mkdocs.yml``,
adjusts what Griffe found before the page is rendered. The docstrings
themselves stay as they are, since ``help()`` shows them too.

* Sphinx roles (``:func:`compare```, ``:class:`~microjob.model.Company```,
  ``:meth:``, ``:attr:``, ``:data:``, ``:mod:``, ``:exc:``) become
  mkdocs-autorefs cross-references. The target is resolved the way Python
  would see it from the docstring's object (its class, then its module, then
  the top-level package), and written as an *optional* autoref: it links when
  the target is on a page and is plain code otherwise, so ``mkdocs build
  --strict`` never fails on a reference to something left out of the page. A
  ``~`` prefix shows only the last component of the name.
* attrs fields show their default as a reader would write it: ``52.0`` rather
  than ``attrs.field(default=52.0, validator=...)``, ``Population()`` for
  ``factory=Population``, the runtime value for a default made by a private
  helper (``nan`` for the measures of ``RunSummary``), and nothing where there
  is no meaningful default (required fields, defaults computed from other
  fields). Their ``class-attribute`` label goes too: attrs fields live on the
  instances (``ClassVar`` attributes keep it).
* The ``Fields`` section that ``microjob._fielddocs`` appends to ``__doc__``
  at runtime is cut, because mkdocstrings renders the field docstrings itself.
  Griffe reads the docstrings from the source, where that section never is,
  so this only matters if a module is ever inspected at runtime instead
  (``force_inspection``, or a module without source).
"""

from __future__ import annotations

import html
import importlib
import math
import re
from collections.abc import Iterator
from typing import Any

import attrs
import griffe

# The title of the section microjob._fielddocs appends (its FIELDS_HEADING; the tests
# check they agree). Not imported from there: the page must build, with static defaults,
# even while the package itself fails to import.
FIELDS_HEADING = "Fields"
_ROLE = re.compile(
    r"``.+?``"  # an inline literal: left as it is
    r"|:(?:py:)?(?P<role>func|class|meth|data|mod|attr|exc|obj|const):`(?P<target>[^`]+)`",
    re.DOTALL,
)
# The kinds of object (Griffe's ``Kind`` values) each role names.
_ROLE_KINDS: dict[str, frozenset[str]] = {
    "func": frozenset({"function"}),
    "meth": frozenset({"function"}),
    "class": frozenset({"class"}),
    "exc": frozenset({"class"}),
    "mod": frozenset({"module"}),
    "attr": frozenset({"attribute"}),
    "data": frozenset({"attribute"}),
    "const": frozenset({"attribute"}),
}
# Roles that name something inside a module rather than the module itself.
_MEMBER_ROLES = frozenset(_ROLE_KINDS) - {"mod"} | {"obj"}
_FIELD_CALLS = frozenset({"attrs.field", "attr.ib", "attr.attrib", "attr.field", "attrs.attrib"})
_FACTORY_CALLS = frozenset({"attrs.Factory", "attr.Factory"})
_PRIVATE_NAME = re.compile(r"(?<![\w.'\"])_[A-Za-z]\w*")
_SECTION = re.compile(rf"\n\s*{FIELDS_HEADING}\n\s*-{{{len(FIELDS_HEADING)}}}\n.*\Z", re.DOTALL)
_MAX_REPR = 40


class MicrojobApiReference(griffe.Extension):
    """Roles to autorefs, readable attrs defaults, no runtime ``Fields`` section."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.name != "microjob":
            return
        collection = loader.modules_collection
        for obj in _walk(pkg):
            if obj.docstring is not None:
                text = _SECTION.sub("\n", obj.docstring.value).rstrip()
                obj.docstring.value = _ROLE.sub(lambda m, o=obj: _role(m, o, pkg, collection), text)
            if obj.is_class and _is_attrs_class(obj):
                for member in obj.members.values():
                    if not member.is_alias and member.is_attribute:
                        _readable_field(member, obj)


def _walk(obj: griffe.Object) -> Any:
    """``obj`` and every object defined in it (aliases, that is imports, skipped)."""
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


# ------------------------------------------------------------------ roles
def _lookup(collection: griffe.ModulesCollection, path: str) -> Any:
    try:
        return collection[path]
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _candidates(obj: griffe.Object, target: str, pkg: griffe.Module) -> Iterator[str]:
    """Paths ``target`` may mean in ``obj``'s docstring, most likely first."""
    yield target  # already a full path
    first, _, rest = target.partition(".")
    suffix = f".{rest}" if rest else ""
    # From the object outwards (its class, then its module), then from the module
    # alone: an attribute ``distance`` documented as "see :func:`distance`" means the
    # module's function, not itself.
    for scope in (obj, obj.module):
        try:
            base = scope.resolve(first)
        except griffe.NameResolutionError:
            continue
        yield base + suffix
    cls = obj if obj.is_class else obj.parent
    if cls is not None and cls.is_class and first in cls.all_members:
        yield cls.all_members[first].path + suffix  # an inherited member
    if first in pkg.members:
        yield f"{pkg.path}.{target}"  # re-exported by the package


def _kind(found: Any) -> str:
    try:
        return str(found.final_target.kind.value if found.is_alias else found.kind.value)
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return ""


def _canonical(found: Any) -> str:
    if not found.is_alias or found.inherited:
        return str(found.path)  # an inherited member is documented under its subclass
    try:
        return str(found.final_target.path)
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return str(found.path)


def _resolve(
    obj: griffe.Object, target: str, role: str, pkg: griffe.Module, collection: Any
) -> str | None:
    """The canonical path of ``target`` as seen from ``obj``'s docstring, or None.

    The first candidate of the kind the role names wins; failing that, the first
    that exists; failing that, a path outside the loaded packages (an import, or a
    dotted target), which an optional autoref shows as plain code.
    """
    existing: str | None = None
    outside: str | None = target if "." in target else None
    for path in _candidates(obj, target, pkg):
        found = _lookup(collection, path)
        if found is None:
            if path != target and outside is None:
                outside = path
            continue
        # ``microjob.simulate`` is the function at runtime (the package re-exports it
        # over the submodule's name) but the submodule to Griffe.
        if role in _MEMBER_ROLES and found.is_module and found.name in found.members:
            found = found.members[found.name]
        if _kind(found) in _ROLE_KINDS.get(role, ()):
            return _canonical(found)
        existing = existing or _canonical(found)
    return existing or outside


def _role(match: re.Match[str], obj: griffe.Object, pkg: griffe.Module, collection: Any) -> str:
    role = match["role"]
    if role is None:
        return match[0]
    target = " ".join(match["target"].split())
    explicit = re.fullmatch(r"(.+?)\s*<(.+)>", target)  # :role:`title <target>`
    if explicit:
        title, target = explicit[1], explicit[2]
    short = target.startswith("~")
    target = target.lstrip("~.")
    name = target.removesuffix("()")
    if not explicit:
        title = target.rsplit(".", 1)[-1] if short else target
    path = _resolve(obj, name, role, pkg, collection)
    code = f"`{title}`"
    if path is None:
        return code
    return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'


# ---------------------------------------------------------- attrs defaults
def _is_attrs_class(cls: griffe.Object) -> bool:
    for decorator in getattr(cls, "decorators", ()):
        head = str(decorator.value).split("(", 1)[0]
        if head.split(".", 1)[0] in {"attrs", "attr"}:
            return True
    return False


def _keywords(call: griffe.ExprCall) -> dict[str, Any]:
    return {a.name: a.value for a in call.arguments if isinstance(a, griffe.ExprKeyword)}


def _runtime_default(attr: griffe.Attribute, cls: griffe.Object) -> str | None:
    """The default as the imported class has it, written out; None if none or unknown."""
    try:
        runtime = getattr(importlib.import_module(cls.module.path), cls.name)
        default = attrs.fields_dict(runtime)[attr.name].default
    except Exception:  # the package does not import: no default shown
        return None
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):
        if default.takes_self:
            return None
        value = default.factory()
        text = repr(value)
        return text if len(text) <= _MAX_REPR else f"{type(value).__name__}()"
    if isinstance(default, float) and math.isnan(default):
        return "nan"
    text = repr(default)
    return text if len(text) <= _MAX_REPR else None


def _readable_field(attr: griffe.Attribute, cls: griffe.Object) -> None:
    # Griffe labels an annotated assignment both ways; a ClassVar only as class-attribute.
    if {"class-attribute", "instance-attribute"} <= attr.labels:
        attr.labels.discard("class-attribute")
    value = attr.value
    if value is None:
        return
    new: Any = value
    if isinstance(value, griffe.ExprCall) and str(value.function) in _FIELD_CALLS:
        kw = _keywords(value)
        if "default" in kw:
            new = kw["default"]
            if isinstance(new, griffe.ExprCall) and str(new.function) in _FACTORY_CALLS:
                factory = new.arguments[0] if new.arguments else None
                takes_self = str(_keywords(new).get("takes_self")) == "True"
                is_lambda = isinstance(factory, griffe.ExprLambda)
                new = None if takes_self or is_lambda or factory is None else f"{factory}()"
        elif "factory" in kw:
            new = f"{kw['factory']}()"
        else:
            new = None  # required
    if new is not None and _PRIVATE_NAME.search(str(new)):
        new = _runtime_default(attr, cls)
    attr.value = new
