"""The measures of a run (the fields of :class:`~microjob.records.RunSummary`), from its records.

Pure functions of a run's records and engine totals: nothing here changes a
run or keeps state. The measures that follow a published statistic
use the definitions of :mod:`microjob.bls`; the survival measures lay a run's
spells out (:func:`spell_table`, :func:`survival_data`) for the estimators of
:mod:`microjob.survival`. The same measures per company and per policy kind
(:func:`company_measures`, :func:`policy_measures`) and who hires whose people
(:func:`poaching`) show a scenario that mixes policies company by company.

Dependencies flow one way: :mod:`microjob.records` imports this package to fill
``RunResult.summary()``, and this package reads runs only through their
attributes (it imports :mod:`microjob.records` for type annotations alone).
So :func:`measure` returns the measures as a dict of field values, and the
run result wraps them in its :class:`~microjob.records.RunSummary`.

The package, one group of measures per module: ``spells`` (the spell table and the
survival estimates on it), ``retention`` (retention and tenure), ``turnover``
(separation rates, job hops, jobs by age, internal moves), ``skills`` (skills, pay,
entrants and graduates), ``microjobs`` (micro-jobs and openness to them), ``costs``
(costs and the size of the run), ``platform`` (the open talent platform),
``companies`` (per company, per policy kind, poaching) and ``assembly``
(:func:`measure`, which puts the groups together). ``_base`` holds what they share.
The public names are importable from here; private helpers from their modules.
"""

from __future__ import annotations

from microjob.measures.assembly import measure
from microjob.measures.companies import (
    COMPANY_MEASURES,
    company_measure_info,
    company_measures,
    poaching,
    policy_measures,
)
from microjob.measures.platform import (
    PLATFORM_MEASURES,
    engagement_table,
    freelance_stretches,
    monthly_income,
)
from microjob.measures.retention import RETENTION_MEASURES, first_move_weeks
from microjob.measures.skills import wage_index
from microjob.measures.spells import (
    EXIT_REASONS,
    TENURE_BANDS_YEARS,
    exit_incidence,
    retention_curve,
    spell_table,
    survival_data,
    tenure_hazard,
)

__all__ = [
    "COMPANY_MEASURES",
    "EXIT_REASONS",
    "PLATFORM_MEASURES",
    "RETENTION_MEASURES",
    "TENURE_BANDS_YEARS",
    "company_measure_info",
    "company_measures",
    "engagement_table",
    "exit_incidence",
    "first_move_weeks",
    "freelance_stretches",
    "measure",
    "monthly_income",
    "poaching",
    "policy_measures",
    "retention_curve",
    "spell_table",
    "survival_data",
    "tenure_hazard",
    "wage_index",
]
