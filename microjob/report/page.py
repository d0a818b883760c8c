"""The HTML page: what its templates read, and how they are rendered.

A page (:class:`Page`) is a title, a few facts under it (:class:`Fact`) and a
list of sections (:class:`Section`). Each section is one template under
``templates/sections/`` and the data that template reads as ``data``; the
page template (``templates/page.html``) lays them out in order, with their
titles, and lists them at the top.

To add a section to a report, write its template (``templates/sections/``,
starting with ``{% import "macros.html" as m %}`` to use the shared pieces:
tables, facts, swatches), build its data in the report's module (an attrs
class of plain values), and put a :class:`Section` where it belongs in the
report's list. A title used by more than one report belongs in
:data:`TITLES`, so the same content has the same name everywhere.

The templates are rendered with autoescaping on: every value is text and is
escaped (names, descriptions, labels may hold ``<`` or ``&``). Pass text,
never HTML; markup belongs in the templates.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from microjob._version import __version__
from microjob.report.files import _File, _files
from microjob.report.prose import QUESTION

if TYPE_CHECKING:
    import jinja2


TITLES = {
    "findings": "Findings",
    "decomposition": "Where the effect comes from",
    "figures": "Figures",
    "measures": "Measures",
    "companies": "Company by company",
    "levers": "Policy levers",
    "method": "Scenario and method",
    "files": "Files",
}
"""Section titles shared by the reports (compare, run, sweep, decompose), by section id."""


@attrs.frozen
class Named:
    """A name with its colour swatch (a policy or series)."""

    name: str
    colour: str = ""


@attrs.frozen
class Fact:
    """One entry of a list of facts: a term and what it is.

    The value is shown in this order: coloured ``names``, ``strong`` (bold),
    ``text``, a ``code`` block, and a muted ``note``. All are plain text.
    """

    term: str
    text: str = ""
    strong: str = ""
    names: tuple[Named, ...] = ()
    code: str = ""
    note: str = ""


@attrs.frozen
class Section:
    """A section of the page: its id, title, template and the data the template reads."""

    ident: str
    """The id of the ``<section>`` element (a link target: ``report.html#figures``)."""
    title: str
    template: str
    """The template's name under ``templates/``, e.g. ``sections/figures.html``."""
    data: Any = None
    """What the template reads as ``data``."""
    css_class: str = ""


def section(ident: str, data: Any, template: str | None = None) -> Section:
    """A section with its shared title (:data:`TITLES`) and, by default, template."""
    return Section(ident, TITLES[ident], template or f"sections/{ident}.html", data)


@attrs.frozen
class Page:
    """Everything ``templates/page.html`` reads."""

    title: str
    """The document's title (the browser tab)."""
    kicker: str
    """The line above the heading: which kind of report."""
    heading: str
    facts: tuple[Fact, ...]
    """The facts under the heading: scenario, policies, design, command."""
    sections: tuple[Section, ...]


@functools.cache
def _environment() -> jinja2.Environment:
    """The template environment: templates of this package, escaping on, strict variables."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("microjob.report", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html",), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(page: Page) -> str:
    """The HTML of ``page``."""
    template = _environment().get_template("page.html")
    return template.render(page=page, question=QUESTION, version=__version__)


def _finish(
    out: Path,
    written: list[Path],
    notes: dict[str, str],
    page: Page,
) -> list[Path]:
    """Add the list of files to ``page``, write ``report.html`` and return every path written."""
    files: tuple[_File, ...] = _files(out, written, notes)
    page = attrs.evolve(page, sections=(*page.sections, section("files", files)))
    path = out / "report.html"
    path.write_text(_render(page), encoding="utf-8")
    return [*written, path]


def _names(names: Sequence[str], colours: dict[str, str]) -> tuple[Named, ...]:
    """Display names with their colours."""
    return tuple(Named(x, colours.get(x, "")) for x in names)
