"""The shape of a scenario file: paths, tagged unions, key order and the catalog shorthand."""

from __future__ import annotations

from typing import Any

import attrs

from microjob.model import SkillCatalog
from microjob.policies import POLICY_KINDS, BestFit, MostInterested, RandomMatch

DEFAULT_CATALOG = "default"
"""Value of ``catalog`` that stands for :meth:`SkillCatalog.default`."""

Path = tuple[str | int, ...]
"""A position in a TOML document: table keys and array indices."""

# Top-level keys written first and last.
_TOP_FIRST = ("name", "description", "warmup_years", "horizon_years")
_TOP_LAST = ("arms", "catalog")

_POLICIES: tuple[type, ...] = tuple(entry.policy_class for entry in POLICY_KINDS)
_POLICY_ALIASES: dict[str, type] = {
    alias: entry.policy_class for entry in POLICY_KINDS for alias in entry.aliases
}
_MATCHERS: tuple[type, ...] = (BestFit, MostInterested, RandomMatch)

# Values written inline (on one line per element) rather than as [tables] or
# [[arrays of tables]]; paths without array indices.
INLINE: frozenset[tuple[str, ...]] = frozenset(
    {
        ("companies", "roles"),
        ("outside", "roles"),
        ("companies", "policy", "matcher"),
        ("outside", "policy", "matcher"),
        ("catalog", "skills"),
    }
)


def _kind_of(cl: type) -> str:
    for entry in POLICY_KINDS:
        if entry.policy_class is cl:
            return entry.kind
    return str(attrs.fields_dict(cl)["kind"].default)


def catalog_table(catalog: SkillCatalog) -> dict[str, Any]:
    """``catalog`` written in full: its skills and its similarity matrix."""
    return {
        "skills": [{"name": s.name, "family": s.family} for s in catalog.skills],
        "similarity": [list(row) for row in catalog.similarity],
    }
