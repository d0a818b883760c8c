"""The names and colours under which the report shows policies and series.

Policy kinds are shown by :func:`microjob.policies.policy_label`, the same
labels the figures of :mod:`microjob.plot` use; a label the user chose for an
arm is shown as given.
"""

from __future__ import annotations

from collections.abc import Sequence

from microjob import plot, policies
from microjob.policies import find_policy_kind, policy_label

_SCENARIO_ARM: str = getattr(policies, "SCENARIO_ARM", "scenario")
"""The arm name that stands for each company's policy as written in the scenario."""

SCENARIO_POLICIES = "Scenario's own policies"
"""How the report names that arm."""


def _display_label(label: str) -> str:
    """A policy kind (or alias) by its display label; the scenario arm in words; else ``label``."""
    if find_policy_kind(label) is not None:
        return policy_label(label)
    if label == _SCENARIO_ARM:
        return SCENARIO_POLICIES
    return label


def _display_labels(labels: Sequence[str]) -> dict[str, str]:
    """The display name of each label; the labels as given if two would share a name."""
    shown = {x: _display_label(x) for x in labels}
    if len(set(shown.values())) < len(shown):
        return {x: x for x in labels}
    return shown


def _colour_map(names: Sequence[str]) -> dict[str, str]:
    """The colour of each display name, as :mod:`microjob.plot` draws it."""
    return dict(zip(names, plot._colours(list(names)), strict=True))


def _policy_phrase(name: str) -> str:
    """A display name inside a sentence: "internal freelance", or a user's label as given."""
    if name in plot.POLICY_LABELS.values() or name == SCENARIO_POLICIES:
        return name[0].lower() + name[1:]
    return name
