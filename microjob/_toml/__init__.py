"""Scenario files in TOML: reading, writing, a commented template and readable errors.

Reading parses with the standard library's :mod:`tomllib` (no code is ever
executed) and structures the document with a dedicated :class:`cattrs.Converter`.
Writing unstructures with the same converter and formats the result with a small
TOML emitter for the shapes a scenario produces. Floats are written with
``repr``, so a written file reads back to an equal scenario.

Layout of a file (one TOML table per class):

* top level: :class:`~microjob.scenario.Scenario` (``name``, ``description``,
  ``warmup_years``, ``horizon_years``, ``catalog``);
* ``[[companies]]``: one :class:`~microjob.model.Company` per simulated company, with
  ``roles`` an array of inline tables (:class:`~microjob.model.Role`) and
  ``[companies.policy]`` its policy;
* ``[outside]`` and ``[outside.policy]``: the outside market;
* ``[population]``, ``[market]``, ``[quality]``, ``[learning]``, ``[mindset]``,
  ``[gigs]``: the submodel parameters.

Policies and matchers are tagged unions: the table's ``kind`` key
(``"traditional"``, ``"internal-freelance"``; ``"best_fit"``, ``"most_interested"``,
``"random"``) names the class. The skill catalog is written as ``catalog =
"default"`` when it equals :meth:`SkillCatalog.default() <microjob.model.SkillCatalog.default>`
(loading restores it exactly) and otherwise, or with ``full_catalog=True``, in full
as a ``[catalog]`` table: ``skills`` (name and family of each) and ``similarity``
(one matrix row per line).

Loading a bad file raises :class:`ScenarioFileError`, whose message has one line
per problem, each naming the TOML path and the bad value.

The package: ``schema`` (paths, tagged unions, key order, the catalog
shorthand), ``values`` (one-line TOML text), ``emitter`` (:func:`dumps`),
``errors`` (:class:`ScenarioFileError` and the problem lines), ``conversion``
(the cattrs converter), ``reading`` (:func:`loads`, :func:`load`), ``comments``
(a template's comments) and ``writing`` (:func:`scenario_to_toml`,
:func:`template`). Everything is importable from here.
"""

from __future__ import annotations

# Re-exported beyond __all__ (as ``name as name``): the path type, and the helpers the
# tests and docs/gen_scenario_files.py use.
from microjob._toml.conversion import converter
from microjob._toml.emitter import dumps
from microjob._toml.errors import ScenarioFileError, problems
from microjob._toml.reading import load, loads, structure
from microjob._toml.schema import _POLICIES as _POLICIES
from microjob._toml.schema import DEFAULT_CATALOG, INLINE, catalog_table
from microjob._toml.schema import Path as Path
from microjob._toml.schema import _kind_of as _kind_of
from microjob._toml.values import _inline as _inline
from microjob._toml.values import format_path
from microjob._toml.writing import scenario_to_toml, scenario_to_toml_string, template, unstructure

__all__ = [
    "DEFAULT_CATALOG",
    "INLINE",
    "ScenarioFileError",
    "catalog_table",
    "converter",
    "dumps",
    "format_path",
    "load",
    "loads",
    "problems",
    "scenario_to_toml",
    "scenario_to_toml_string",
    "structure",
    "template",
    "unstructure",
]
