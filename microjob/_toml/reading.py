"""Reading scenario files: parse with :mod:`tomllib`, structure, report every problem."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any, TypeVar

from microjob._toml.conversion import converter
from microjob._toml.errors import ScenarioFileError, problems

T = TypeVar("T")


MAX_FILE_BYTES = 10_000_000
"""Largest scenario file read (10 MB: the shipped catalog and a thousand roles take
well under 1 MB)."""

MAX_DOTS_PER_LINE = 1_000
"""Most dots on one line. A dotted key costs the TOML parser time and memory that grow
with the square of its depth (a key 50,000 parts deep took 47 s and 10 GB), so deep
keys are refused before parsing; scenario keys are at most a few parts deep, and a
line of numbers would need a thousand decimals to reach the limit."""

_TOO_DEEP = "nested more deeply than a scenario can be (tables or arrays within one another)"


def _too_large(size: int) -> str:
    return f"the file holds over {size - 1:,} bytes, the most a scenario file may hold"


def loads(text: str, cls: type[T], *, source: str = "<string>") -> T:
    """The scenario (an instance of ``cls``) in TOML ``text``; ``source`` names it in errors.

    Raises :class:`ScenarioFileError` listing every problem found, and ``TypeError``
    when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text: must be a string of TOML, got {type(text).__name__}")
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioFileError(source, [_too_large(MAX_FILE_BYTES + 1)])
    if text.count(".") > MAX_DOTS_PER_LINE:
        _check_dots(text, source)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        syntax = f"invalid TOML: {exc}"
    except RecursionError:
        syntax = f"invalid TOML: {_TOO_DEEP}"
    else:
        return structure(document, cls, source=source)
    raise ScenarioFileError(source, [syntax])


def _check_dots(text: str, source: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        dots = line.count(".")
        if dots > MAX_DOTS_PER_LINE:
            found = f"{dots:,} dots, more than the {MAX_DOTS_PER_LINE:,} a line may hold"
            raise ScenarioFileError(source, [f"invalid TOML (at line {number}): {found}"])


def load(path: str | os.PathLike[str], cls: type[T]) -> T:
    """The scenario (an instance of ``cls``) in the TOML file at ``path``.

    Raises :class:`ScenarioFileError` for a file that is not valid UTF-8 TOML or
    does not describe a valid scenario (``OSError`` if it cannot be read).
    """
    source = os.fspath(path)
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # read no further than the limit
        raise ScenarioFileError(source, [_too_large(len(data))])
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
    except RecursionError:
        found = [_TOO_DEEP]
    except Exception as exc:
        found = problems(exc) or [repr(exc)]
    # Raised outside the handler, so the error carries no chained cattrs exception:
    # the message already says everything, and the error pickles cleanly (also where
    # a library such as tblib pickles exception chains).
    raise ScenarioFileError(source, found)
