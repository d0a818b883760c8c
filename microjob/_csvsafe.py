"""Text cells that spreadsheets would run as formulas, made inert.

A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) is read as a formula by Excel, LibreOffice and Google Sheets.
Names in a scenario (companies, roles, arms) end up in microjob's CSV files, so a
name such as ``=HYPERLINK(...)`` would run when someone opens the file. Every text
cell and column name that starts so is written with a leading apostrophe, which
spreadsheets show as text (the OWASP advice on CSV injection); numbers written as
text, such as ``-0.5``, are left alone.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|nan)", re.IGNORECASE)


def safe_cell(value: Any) -> Any:
    """``value``, or an inert copy of it if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: Any) -> Any:
    """A copy of the pandas ``frame`` with every text cell and column name made inert
    (the frame itself when it holds nothing to change)."""
    text = [c for c in frame.columns if frame[c].dtype == object]
    renamed = {c: safe_cell(c) for c in frame.columns if safe_cell(c) != c}
    if not text and not renamed:
        return frame
    out = frame.copy()
    for column in text:
        out[column] = out[column].map(safe_cell)
    return out.rename(columns=renamed)


__all__ = ["safe_cell", "safe_frame"]
