"""One-line TOML text: values, keys, document paths and comments."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import tomlkit
from tomlkit.items import Comment, Item, Trivia

from microjob._toml.schema import Path

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


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
