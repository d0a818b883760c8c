"""The arms of an experiment: named policies, resolved against a scenario.

An arm is a label and a policy. The policy may be given as a policy object, as
the name of a built-in kind (``"traditional"``, ``"internal-freelance"`` or an
alias such as ``"internal_freelance"``: the kind's default policy), as the name
of one of the scenario's own arms (``[arms.NAME]`` in a scenario file), or as
``"scenario"``: each company's policy as written in the scenario (no override).
The same names are accepted by ``compare``, ``sweep``'s ``policy`` axis,
``simulate`` and the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from microjob.policies import (
    POLICY_KINDS,
    SCENARIO_ARM,
    Policy,
    TraditionalEmployment,
    check_policy,
    find_policy_kind,
)
from microjob.scenario import Scenario, check_policy_fits

POLICY_NAMES: Mapping[str, Callable[[], Policy]] = {
    name: entry.policy_class for entry in POLICY_KINDS for name in entry.names
}
"""Built-in policy names (default parameters), aliases included."""

Arms = Mapping[str, Policy | str | None] | Sequence[Policy | str]
"""What ``compare`` accepts as its arms: a sequence of policies and policy names
(labelled by kind or name), or a mapping of label to policy, policy name or None."""


def arm_names(scenario: Scenario | None = None) -> tuple[str, ...]:
    """Every policy name accepted for ``scenario``: built-in kinds, ``scenario``, its arms."""
    names = [entry.kind for entry in POLICY_KINDS]
    if scenario is not None:
        names += [SCENARIO_ARM, *scenario.arms]
    return tuple(names)


def default_arms(scenario: Scenario) -> tuple[str, ...]:
    """The arms ``compare`` runs when none are given.

    The scenario's own arms if it defines any (in the order written); otherwise
    traditional employment against the scenario as written, when some company's
    policy differs from the default traditional one; otherwise traditional
    employment against the default internal-freelance policy.
    """
    if scenario.arms:
        return tuple(scenario.arms)
    traditional = TraditionalEmployment()
    if any(c.policy != traditional for c in scenario.companies):
        return (POLICY_KINDS[0].kind, SCENARIO_ARM)
    return tuple(entry.kind for entry in POLICY_KINDS)


def resolve_arms(scenario: Scenario, arms: Arms | None = None) -> dict[str, Policy | None]:
    """Label → policy for each arm (``None``: the scenario as written), checked.

    ``arms`` defaults to :func:`default_arms`. A name is resolved as described in
    this module's docstring; every policy is checked on its own and against the
    scenario (a lever that can never act is an error naming it).
    """
    if arms is None:
        arms = default_arms(scenario)
    if isinstance(arms, Mapping):
        items: list[tuple[str, Any]] = []
        for label, value in arms.items():
            if not isinstance(label, str) or not label:
                raise ValueError(f"policies: labels must be non-empty strings, got {label!r}")
            items.append((label, value))
    elif isinstance(arms, str | bytes) or not isinstance(arms, Sequence):
        raise TypeError(
            "policies: must be a sequence of policies or policy names, or a mapping of "
            f"label to policy, got {arms!r}"
        )
    else:
        items = [(_default_label(value, scenario), value) for value in arms]
        labels = [label for label, _ in items]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(
                f"policies: two arms labelled {dupes[0]!r}; give a mapping of label to "
                "policy to compare variants of one kind"
            )
    out = {label: resolve_policy(value, scenario, f"policies[{label!r}]") for label, value in items}
    if not out:
        raise ValueError("policies: need at least one policy")
    return out


def resolve_policy(
    value: Any, scenario: Scenario | None, where: str, *, check_fit: bool = True
) -> Policy | None:
    """One arm's policy: an object, a built-in or scenario arm name, or None (as written).

    With ``check_fit``, the policy is also checked against ``scenario``
    (:func:`~microjob.scenario.check_policy_fits`).
    """
    if value is None or value == SCENARIO_ARM:
        if scenario is None:
            raise TypeError(f"{where}: {SCENARIO_ARM!r} needs a scenario")
        return None
    if isinstance(value, str):
        policy = _named_policy(value, scenario, where)
    else:
        check_policy(value, where)
        policy = value
    if scenario is not None and check_fit:
        check_policy_fits(policy, scenario, where)
    return policy


def _named_policy(name: str, scenario: Scenario | None, where: str) -> Policy:
    if scenario is not None and name in scenario.arms:
        return scenario.arms[name]
    entry = find_policy_kind(name)
    if entry is None:
        choices = ", ".join(repr(n) for n in arm_names(scenario))
        raise ValueError(f"{where}: unknown policy {name!r}; choose from {choices}")
    policy: Policy = entry.policy_class()
    return policy


def _default_label(value: Any, scenario: Scenario) -> str:
    """An arm's label when none is given: the name as written (kinds canonical), or the kind."""
    if isinstance(value, str):
        entry = find_policy_kind(value)
        return entry.kind if entry is not None and value not in scenario.arms else value
    kind = getattr(value, "kind", None)
    if not isinstance(kind, str) or not kind:
        check_policy(value, "policies")
    return str(kind)
