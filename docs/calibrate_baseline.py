"""Rerun the search that produced the baseline's calibrated defaults.

The defaults of ``Market``, ``Population`` and ``JobQuality`` marked "calibrated" in
docs/parameters.md were found with ``mj.calibration.calibrate`` on the baseline
preset, every company traditional, against the targets of docs/validation.md. This
script reruns the last stage of that search exactly (the search is deterministic
for given arguments) and prints the best point and its table::

    python docs/calibrate_baseline.py             # all CPUs; about an hour on two cores
    python docs/calibrate_baseline.py --workers 4 --evaluations 150

The search ran in stages while mechanisms were added (see "How the defaults were
found" in docs/validation.md); each stage started near the best point of the one
before, and ``START`` below is where the last one started: the first on a stationary
window (the 52-year burn-in) with quits into non-employment and the NLSY79 job counts
compared as published. The scenario is built from the preset with the burn-in and
``START`` applied, so the script gives the same answer whatever the current defaults
are (as long as the parameters that were not searched keep their values).
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor

import microjob as mj

BOUNDS = {
    "market.offer_rate_per_year": (0.2, 4.0),
    "market.offer_rate_halving_years": (2.0, 30.0),
    "population.mover_share": (0.05, 0.8),
    "market.mover_offer_multiplier": (1.0, 12.0),
    "market.switching_cost_per_embeddedness": (0.0, 1.0),
    "market.layoff_rate_monthly": (0.001, 0.012),
    "market.layoff_new_hire_excess_monthly": (0.0, 0.12),
    "market.layoff_excess_decay_years": (0.1, 5.0),
    "quality.match_sd": (0.05, 1.0),
    "market.active_search_multiplier": (1.0, 10.0),
    "population.withdrawal_rate_per_year": (0.005, 0.12),
    "population.withdrawal_mean_years": (0.5, 12.0),
}
"""The parameters searched, with their bounds."""

START = {
    "market.offer_rate_per_year": 0.8,
    "market.offer_rate_halving_years": 3.8,
    "population.mover_share": 0.5,
    "market.mover_offer_multiplier": 5.2,
    "market.switching_cost_per_embeddedness": 0.02,
    "market.layoff_rate_monthly": 0.0035,
    "market.layoff_new_hire_excess_monthly": 0.02,
    "market.layoff_excess_decay_years": 2.1,
    "quality.match_sd": 0.43,
    "market.active_search_multiplier": 5.6,
    "population.withdrawal_rate_per_year": 0.025,
    "population.withdrawal_mean_years": 8.0,
}
"""Where the stage started: the defaults of the stage before, with a lower offer rate and
layoff rate to leave room for quits into non-employment, which the stage added."""

REPLICATIONS = 2
SEED = 7
EVALUATIONS = 130


def main(argv: list[str] | None = None) -> int:
    """Run the search and print the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--evaluations", type=int, default=EVALUATIONS)
    args = parser.parse_args(argv)
    scenario = mj.calibration.apply_parameters(
        mj.scenarios.baseline(), {"warmup_years": 52.0, **START}
    )

    def progress(e: mj.calibration.Evaluation) -> None:
        print(f"evaluation {e.index:3d}: distance {e.distance:.4f}", flush=True)

    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        result = mj.calibration.calibrate(
            scenario,
            BOUNDS,
            replications=REPLICATIONS,
            seed=SEED,
            executor=pool,
            max_evaluations=args.evaluations,
            callback=progress,
        )
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
