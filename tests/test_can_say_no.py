"""The model can say no: with the costs of micro-jobs switched on at documented values,
internal freelance raises quits instead of lowering them (docs/model.md §7.11)."""

from __future__ import annotations

import attrs
import numpy as np

import microjob as mj

SEEDS = (1, 2, 3)


def _quit_differences(scenario: mj.Scenario) -> np.ndarray:
    """Internal freelance minus traditional, monthly quit rate, paired by seed."""
    out = []
    for seed in SEEDS:
        trad = mj.simulate(scenario, seed=seed, policy=mj.TraditionalEmployment()).summary()
        flex = mj.simulate(scenario, seed=seed, policy=mj.InternalFreelance()).summary()
        out.append(flex.quit_rate_monthly - trad.quit_rate_monthly)
    return np.array(out)


def test_with_the_costs_of_micro_jobs_internal_freelance_raises_quits() -> None:
    base = mj.scenarios.small()
    costly = attrs.evolve(
        base,
        gigs=attrs.evolve(base.gigs, rejection_quit_multiplier=2.0, bad_experience_share=0.3),
        quality=attrs.evolve(base.quality, gig_strain_weight=0.5),
        market=attrs.evolve(base.market, gig_signal_log_premium=0.02),
    )
    benefits_only = _quit_differences(base)
    with_costs = _quit_differences(costly)
    # Benefits only: fewer quits in every seed; with the costs: more, in every seed.
    assert (benefits_only < 0).all(), benefits_only
    assert (with_costs > 0).all(), with_costs
