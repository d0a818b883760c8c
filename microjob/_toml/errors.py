"""Errors of a scenario file: one line per problem, naming its TOML path and bad value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import attrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from microjob._toml.schema import _MATCHERS, _POLICIES, Path, _kind_of
from microjob._toml.values import format_path


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


_MESSAGE_PATH = re.compile(r"([A-Za-z_]\w*(?:\[\d+\]|\.[\w-]+)*): (.+)", re.DOTALL)
_LONG = 240


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
