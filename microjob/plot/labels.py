"""Legend labels: the names of policy kinds, causes of exit and kinds of event."""

from __future__ import annotations

from microjob.policies import POLICY_KINDS, policy_label

POLICY_LABELS = {entry.kind: entry.label for entry in POLICY_KINDS}
"""Legend labels of the built-in policy kinds (from :data:`microjob.policies.POLICY_KINDS`)."""

CAUSE_LABELS = {
    "quit": "Quit (job hop)",
    "withdraw": "Quit to non-employment",
    "layoff": "Layoff",
    "retire": "Retirement",
}
"""Legend labels of the causes of exit."""

_EVENT_NAMES = {
    None: "Separations",
    "quit": "Quits",
    "withdraw": "Quits to non-employment",
    "layoff": "Layoffs",
    "retire": "Retirements",
}


def _policy_label(kind: str) -> str:
    return policy_label(kind)
