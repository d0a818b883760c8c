"""The TOML emitter: the layout of a document's tables, arrays and comments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import Table

from microjob._toml.schema import INLINE, Path
from microjob._toml.values import _comment, _comment_text, _value, format_path


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
                # A table of tables only (``[arms]``) gets no header line of its own.
                only_tables = bool(value) and all(
                    isinstance(v, Mapping) and (*schema, key, k) not in self.inline
                    for k, v in value.items()
                )
                sub = tomlkit.table(is_super_table=only_tables)
                into.add(key, sub)
                sub.trivia.indent = ""  # the blank line above is ours
                self.blank = self.blank and only_tables  # a super table writes no line
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
