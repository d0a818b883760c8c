"""The names and colours under which the report shows policies and series."""

from __future__ import annotations

from collections.abc import Sequence

from microjob import plot


def _kind_label(name: str) -> str:
    """The plot label of a policy kind, spelt with hyphens or underscores; else ``name``."""
    for key in (name, name.replace("-", "_"), name.replace("_", "-")):
        if key in plot.POLICY_LABELS:
            return plot.POLICY_LABELS[key]
    return name


def _display_labels(labels: Sequence[str]) -> dict[str, str]:
    """Legend names: policy kinds become their plot labels; other labels are kept."""
    shown = {x: _kind_label(x) for x in labels}
    if len(set(shown.values())) < len(shown):
        return {x: x for x in labels}
    return shown


def _colour_map(names: Sequence[str]) -> dict[str, str]:
    return dict(zip(names, plot._colours(list(names)), strict=True))


def _series_colours(names: Sequence[str]) -> list[str]:
    """Colours of sweep series: a policy's own colour for "policy = KIND", others after."""
    fixed = {
        f"policy = {kind}": plot._colours([label])[0] for kind, label in plot.POLICY_LABELS.items()
    }
    if all(x in fixed for x in names):
        return [fixed[x] for x in names]
    spare = [c for c in plot._PALETTE if c not in fixed.values()]
    return [spare[i % len(spare)] for i in range(len(names))]


def _policy_phrase(name: str) -> str:
    """A display name inside a sentence: "internal freelance", or a user's label as given."""
    if name in plot.POLICY_LABELS.values():
        return name[0].lower() + name[1:]
    return name
