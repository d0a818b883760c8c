"""The arms of an experiment: the policies it compares, by label."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from microjob.policies import POLICY_KINDS, Policy, check_policy, find_policy_kind

POLICY_NAMES: Mapping[str, Callable[[], Policy]] = {
    name: entry.policy_class for entry in POLICY_KINDS for name in entry.names
}
"""Policy names accepted where a policy is expected (default parameters), aliases included."""


def _policies(policies: Mapping[str, Policy] | Sequence[Policy | str]) -> dict[str, Policy]:
    if isinstance(policies, Mapping):
        items = list(policies.items())
        for label, _ in items:
            if not isinstance(label, str) or not label:
                raise ValueError(f"policies: labels must be non-empty strings, got {label!r}")
    elif isinstance(policies, str | bytes) or not isinstance(policies, Sequence):
        raise TypeError(
            "policies: must be a sequence of policies or a mapping of label to policy, "
            f"got {policies!r}"
        )
    else:
        items = []
        for p in policies:
            policy = _policy(p, "policies")
            items.append((policy.kind, policy))
        labels = [label for label, _ in items]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(
                f"policies: two policies of kind {dupes[0]!r}; give a mapping of label to "
                "policy to compare variants of one kind"
            )
    out: dict[str, Policy] = {}
    for label, p in items:
        out[label] = _policy(p, f"policies[{label!r}]")
    if not out:
        raise ValueError("policies: need at least one policy")
    return out


def _policy(value: Any, where: str) -> Policy:
    """A policy object, or the default policy of a kind named by a string (aliases too)."""
    if isinstance(value, str):
        entry = find_policy_kind(value)
        if entry is None:
            kinds = ", ".join(repr(k.kind) for k in POLICY_KINDS)
            raise TypeError(f"{where}: unknown policy {value!r}; choose from {kinds}")
        return entry.policy_class()
    check_policy(value, where)
    policy: Policy = value
    return policy
