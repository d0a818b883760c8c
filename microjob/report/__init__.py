"""The output directory of an experiment: tables, figures and a one-page HTML report.

:func:`write_comparison`, :func:`write_run`, :func:`write_sweep` and
:func:`write_decomposition` write what ``microjob compare|run|sweep|decompose
--out DIR`` leaves behind:

* ``summary.csv``: the estimates (a comparison: mean, sd, interval and n per
  policy and measure; ``differences.csv`` beside it holds the paired
  differences from the baseline policy), ``runs.csv`` one row per run;
* ``spells.csv`` (and ``spells.parquet`` when pyarrow is installed): the
  employment spells of the example runs, one row each;
* ``figures/*.png``: retention, hazard by tenure, exits by cause, skills and
  the paired differences;
* ``scenario.toml``: the scenario, to rerun or change it;
* ``companies.csv`` and ``poaching.csv``: the measures per company and per policy
  kind, and the job-to-job moves between employers (a run; a comparison or sweep
  whose runs kept the extra ``"companies"``), shown in the section "Company by
  company" (:mod:`~microjob.report.companies`);
* ``report.html``: one self-contained page (styles inline, figures embedded,
  no scripts, nothing fetched from elsewhere) that states the question, the
  scenario and the command, shows the tables with confidence intervals and
  the figures, and says in plain words what differs between the policies.

A lever decomposition (:func:`microjob.decompose`) adds ``decomposition.csv``
and ``figures/decomposition.png`` and the section "Where the effect comes
from": its own report, or a section of a comparison's
(``write_comparison(..., decomposition=...)``).

Output is deterministic: the same inputs give byte-identical files (the
page carries no date, only the package version). The figures need matplotlib (``pip install
'microjob[plot]'``) and the tables pandas (``pip install
'microjob[pandas]'``); both are imported when a function is called, never
when this package is imported.

The page is rendered from Jinja2 templates (``templates/``) with autoescaping
on, so every name, label and description is escaped; the figures are drawn by
:mod:`microjob.plot`. The three reports share their sections' titles and
templates: findings, figures, measures, policy levers, scenario and method,
files. A new section is one template under ``templates/sections/`` and the data
it reads (see :mod:`~microjob.report.page`).

One idea a module: :mod:`~microjob.report.files` (the directory and the data files),
:mod:`~microjob.report.estimates` (which measures, how shown, intervals and what can
be said of a difference), :mod:`~microjob.report.format` and
:mod:`~microjob.report.labels` (numbers, names, colours),
:mod:`~microjob.report.figures` (which figures, their captions),
:mod:`~microjob.report.prose` (what the numbers say), :mod:`~microjob.report.tables`
(the tables of measures and levers), :mod:`~microjob.report.method` (the scenario and
what was measured), :mod:`~microjob.report.page` (sections and rendering), and one
module per report: :mod:`~microjob.report.comparison`, :mod:`~microjob.report.run`,
:mod:`~microjob.report.sweep`, :mod:`~microjob.report.decomposition`.
"""

# The public names, and the helpers the tests reach as microjob.report._name.
from microjob.report.comparison import write_comparison
from microjob.report.decomposition import write_decomposition
from microjob.report.estimates import CONFIDENCE as CONFIDENCE
from microjob.report.estimates import DERIVED_INFO, SECTIONS, VERDICTS, Measure
from microjob.report.estimates import PEOPLE_COST as PEOPLE_COST
from microjob.report.estimates import _difference as _difference
from microjob.report.estimates import _Interval as _Interval
from microjob.report.estimates import _sections as _sections
from microjob.report.estimates import _verdict as _verdict
from microjob.report.format import _number as _number
from microjob.report.prose import QUESTION
from microjob.report.prose import _difference_paragraph as _difference_paragraph
from microjob.report.run import write_run
from microjob.report.sweep import write_sweep

__all__ = [
    "DERIVED_INFO",
    "QUESTION",
    "SECTIONS",
    "VERDICTS",
    "Measure",
    "write_comparison",
    "write_decomposition",
    "write_run",
    "write_sweep",
]
