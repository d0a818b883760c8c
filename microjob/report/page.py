"""The HTML page: its skeleton and styles, tables, fact lists, figures and sections."""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape as _e
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from microjob._version import __version__
from microjob.report.estimates import Measure, _Interval, _sections
from microjob.report.files import _Figure
from microjob.report.format import _describe_value
from microjob.report.prose import QUESTION

if TYPE_CHECKING:
    from microjob.scenario import Scenario


_CSS = """
:root { --ink: #1d2127; --muted: #5b6570; --rule: #dde2e8; --soft: #f5f7f9;
  --accent: #0b5cad; --mark: #fff1b8; --warn-bg: #fff8e8; --warn-rule: #ecd49a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", sans-serif; }
main { max-width: 66rem; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .3rem 0 1rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.8rem 0 .8rem; padding-bottom: .35rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
p, li { max-width: 48rem; }
a { color: var(--accent); }
.kicker { margin: 0; font-size: .78rem; font-weight: 600; letter-spacing: .09em;
  text-transform: uppercase; color: var(--muted); }
.question { margin: 1rem 0 1.4rem; padding: .3rem 0 .3rem 1rem; font-size: 1.15rem;
  border-left: 4px solid var(--accent); color: #2b3138; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.4rem;
  margin: 1rem 0; font-size: .95rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono",
  monospace; font-size: .86em; }
pre { margin: 0; padding: .55rem .75rem; background: var(--soft); border: 1px solid var(--rule);
  border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(13.5rem, 1fr));
  gap: .9rem; margin: 1rem 0 1.4rem; }
.card { border: 1px solid var(--rule); border-top: 4px solid var(--rule); border-radius: 8px;
  padding: .8rem 1rem .9rem; }
.card.clear { border-top-color: var(--accent); }
.card .name { font-size: .85rem; color: var(--muted); }
.card .big { font-size: 1.65rem; font-weight: 650; line-height: 1.25;
  font-variant-numeric: tabular-nums; margin: .2rem 0; }
.card .name small { font-size: .78rem; white-space: nowrap; }
.card .sub { font-size: .82rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.verdict { display: inline-block; margin-top: .35rem; padding: .05rem .45rem; border-radius: 999px;
  font-size: .75rem; font-weight: 600; background: var(--soft); color: var(--muted); }
.clear .verdict { background: #e3eefa; color: var(--accent); }
.findings p { font-size: 1.02rem; }
.caveat { max-width: 48rem; margin: 1.2rem 0; padding: .8rem 1rem; background: var(--warn-bg);
  border: 1px solid var(--warn-rule); border-radius: 6px; font-size: .95rem; }
figure { margin: 1.6rem 0 2.2rem; }
figure img { display: block; width: 100%; max-width: 56rem; height: auto;
  border: 1px solid var(--rule); border-radius: 6px; }
figcaption { max-width: 48rem; margin-top: .55rem; font-size: .9rem; color: var(--muted); }
figcaption b { color: var(--ink); }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .42rem .65rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { text-align: right; font-weight: 600; border-bottom: 2px solid var(--ink);
  vertical-align: bottom; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: 500; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num .ci { display: block; color: var(--muted); font-size: .8rem; }
td.clear { background: var(--mark); }
td.clear .v { font-weight: 650; }
tr.section th { padding-top: 1.1rem; background: #fff; border-bottom: 1px solid var(--ink);
  font-size: .8rem; font-weight: 650; letter-spacing: .05em; text-transform: uppercase;
  color: var(--muted); }
.unit { display: block; font-size: .8rem; color: var(--muted); }
thead .param { display: block; font-size: .72rem; font-weight: 500; color: var(--muted); }
tbody th { min-width: 13rem; }
table.params { width: auto; min-width: 60%; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em;
  border-radius: 2px; vertical-align: -.05em; }
.legend { font-size: .88rem; color: var(--muted); }
.legend .key { display: inline-block; padding: 0 .35rem; background: var(--mark);
  font-weight: 650; color: var(--ink); }
table.params td, table.params th { font-size: .88rem; }
table.params td { font-variant-numeric: tabular-nums; }
ul.files { padding-left: 1.2rem; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule);
  font-size: .85rem; color: var(--muted); }
@media (max-width: 40rem) {
  main { padding: 1.5rem 1rem 2rem; }
  h1 { font-size: 1.6rem; }
  dl.facts { grid-template-columns: 1fr; gap: 0 0; }
  dl.facts dd { margin-bottom: .5rem; }
}
@media print {
  main { max-width: none; padding: 0; }
  figure, table, .card { break-inside: avoid; }
}
"""


def _img(fig: _Figure) -> str:
    data = base64.b64encode(fig.png).decode("ascii")
    return (
        f'<figure id="fig-{_e(fig.path.stem)}">'
        f'<img src="data:image/png;base64,{data}" alt="{_e(fig.alt)}">'
        f"<figcaption>{fig.caption}</figcaption></figure>"
    )


def _facts(items: Sequence[tuple[str, str]]) -> str:
    """A definition list; values are HTML already."""
    body = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items)
    return f'<dl class="facts">{body}</dl>'


def _swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{_e(colour)}"></span>'


def _breakable(name: str) -> str:
    """``name`` escaped, with line-break opportunities after dots and underscores."""
    return _e(name).replace(".", ".<wbr>").replace("_", "_<wbr>")


def _cell(m: Measure, est: _Interval | None, *, signed: bool = False, mark: bool = False) -> str:
    if est is None or not math.isfinite(est.mean):
        return '<td class="num">n/a</td>'
    ci = f'<span class="ci">{m.show(est.low)} to {m.show(est.high)}</span>' if est.has_ci else ""
    cls = "num clear" if mark and est.excludes_zero else "num"
    return f'<td class="{cls}"><span class="v">{m.show(est.mean, signed=signed)}</span>{ci}</td>'


def _column(
    lookup: Mapping[tuple[Any, str], _Interval], key: Any, *, difference: bool = False
) -> Callable[[Measure], str]:
    """A table column: the cell of each measure's estimate under ``key``."""

    def cell(m: Measure) -> str:
        return _cell(m, lookup.get((key, m.field)), signed=difference, mark=difference)

    return cell


def _measure_head(m: Measure) -> str:
    unit = f'<span class="unit">{_e(m.unit)}</span>' if m.unit else ""
    return f'<th scope="row">{_e(m.label)}{unit}</th>'


def _table(header: Sequence[str], body: Sequence[str]) -> str:
    head = "".join(header)
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _section_row(title: str, span: int) -> str:
    return f'<tr class="section"><th colspan="{span}">{_e(title)}</th></tr>'


def _measure_table(header: Sequence[str], columns: Sequence[Callable[[Measure], str]]) -> str:
    """The grouped table of every measure: one row per measure, cells from ``columns``."""
    rows = []
    for title, measures in _sections():
        rows.append(_section_row(title, 1 + len(columns)))
        for m in measures:
            rows.append(f"<tr>{_measure_head(m)}{''.join(c(m) for c in columns)}</tr>")
    return _table(header, rows)


def _policy_table(policies: Mapping[str, Any], colours: Mapping[str, str] | None = None) -> str:
    """The parameters of each policy, side by side (missing ones shown as a dash)."""
    if not policies:
        return ""
    fields: list[str] = []
    for p in policies.values():
        for f in attrs.fields(type(p)):
            if f.name != "kind" and f.name not in fields:
                fields.append(f.name)
    header = ["<th>Parameter</th>"] + [
        f"<th>{_swatch(colours[n]) if colours and n in colours else ''}{_e(n)}</th>"
        for n in policies
    ]
    body = []
    for name in fields:
        cells = "".join(
            f'<td class="num">{_e(_describe_value(getattr(p, name)))}</td>'
            if hasattr(p, name)
            else '<td class="num">—</td>'
            for p in policies.values()
        )
        body.append(f'<tr><th scope="row"><code>{_e(name)}</code></th>{cells}</tr>')
    return _table(header, body).replace("<table>", '<table class="params">', 1)


def _scenario_facts(
    scenario: Scenario, extra: Sequence[tuple[str, str]], *, policy_note: str = ""
) -> str:
    """The scenario's key parameters as a definition list (the full set is in scenario.toml)."""
    companies = ", ".join(
        f"{c.name} ({sum(r.positions for r in c.roles):,} positions)" for c in scenario.companies
    )
    kinds = ", ".join(dict.fromkeys(c.policy.kind for c in scenario.companies))
    market = scenario.market
    items = [("Scenario", f"<strong>{_e(scenario.name)}</strong>")]
    if scenario.description:
        items.append(("Description", _e(scenario.description)))
    items += [
        ("Simulated companies", _e(companies)),
        ("Their policy", _e(kinds + policy_note)),
        ("Outside market", _e(f"{scenario.population.outside_workers:,} workers")),
        (
            "Time",
            _e(f"{scenario.warmup_years:g}-year warm-up, then {scenario.horizon_years:g} years"),
        ),
        (
            "Labour market",
            _e(
                f"outside offers {market.offer_rate_per_year:g} a year at age 25; layoffs "
                f"{100 * market.layoff_rate_monthly:g}% of employees a month; switching cost "
                f"{market.switching_cost:g} of log wage; market wages grow "
                f"{100 * market.wage_growth_per_year:g}% a year"
            ),
        ),
        *extra,
    ]
    return _facts(items)


def _files_list(out: Path, written: Sequence[Path], descriptions: Mapping[str, str]) -> str:
    items = []
    for path in written:
        rel = path.relative_to(out).as_posix()
        what = descriptions.get(rel) or descriptions.get(path.parent.name + "/", "")
        items.append(
            f'<li><a href="{_e(rel)}"><code>{_e(rel)}</code></a>'
            + (f": {_e(what)}" if what else "")
            + "</li>"
        )
    items.append("<li><code>report.html</code>: this page</li>")
    return f'<ul class="files">{"".join(items)}</ul>'


def _header(scenario: Scenario, rows: Sequence[tuple[str, str]], command: str) -> str:
    """The facts under the title: scenario, the given rows (HTML), and the command."""
    described = f": {_e(scenario.description)}" if scenario.description else ""
    return _facts(
        [
            ("Scenario", f"<strong>{_e(scenario.name)}</strong>{described}"),
            *rows,
            ("Command", f"<pre><code>{_e(command)}</code></pre>"),
        ]
    )


def _section(ident: str, title: str, parts: Sequence[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<section id="{ident}"{attr}><h2>{_e(title)}</h2>\n' + "\n".join(parts) + "</section>"


def _page(title: str, kicker: str, heading: str, body: Sequence[str]) -> str:

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="microjob {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<p class="kicker">{_e(kicker)}</p>\n<h1>{_e(heading)}</h1>\n'
        f'<p class="question"><strong>The question.</strong> {_e(QUESTION)}</p>\n'
        + "\n".join(body)
        + f"\n<footer>Written by microjob {_e(__version__)}. Figures and tables were made from "
        "the files in this directory; the same command gives the same numbers.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )


def _finish(
    out: Path,
    written: list[Path],
    notes: Mapping[str, str],
    titles: tuple[str, str, str],
    body: list[str],
) -> list[Path]:
    """Add the list of files, write ``report.html`` and return every path written."""
    body.append(_section("files", "Files", [_files_list(out, written, notes)]))
    path = out / "report.html"
    path.write_text(_page(*titles, body), encoding="utf-8")
    return [*written, path]
