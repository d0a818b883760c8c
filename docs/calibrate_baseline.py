"""Rerun the search that produced the baseline's calibrated defaults.

The defaults of ``Market``, ``Population`` and ``JobQuality`` marked "calibrated" in
docs/parameters.md were found with ``mj.calibration.calibrate`` on the baseline
preset, every company traditional, against the targets of docs/validation.md. This
script reruns the last stage of that search exactly (the search is deterministic
for given arguments) and prints the best point and its table::

    python docs/calibrate_baseline.py             # all CPUs; about 15 minutes on two cores
    python docs/calibrate_baseline.py --workers 4 --evaluations 150

The search ran in stages while mechanisms were added (see "How the defaults were
found" in docs/validation.md); each stage started from the best point of the one
before, and ``START`` below is where the last one started. Its best point, at
evaluation 90, passed every target on its own seeds; the defaults are that point
adjusted by hand so that it also passes on fresh seeds, as the page explains. The
scenario is built from the preset with ``START`` applied, so the script gives the
same answer whatever the current defaults are (as long as the parameters that were
not searched keep their values).
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor

import microjob as mj

BOUNDS = {
    "market.offer_rate_per_year": (0.3, 6.0),
    "market.offer_rate_halving_years": (2.0, 30.0),
    "population.mover_share": (0.05, 0.7),
    "market.mover_offer_multiplier": (1.0, 12.0),
    "market.switching_cost_per_embeddedness": (0.0, 1.0),
    "market.layoff_rate_monthly": (0.001, 0.012),
    "market.layoff_new_hire_excess_monthly": (0.0, 0.12),
    "market.layoff_excess_decay_years": (0.1, 5.0),
    "quality.match_sd": (0.05, 1.0),
    "market.active_search_multiplier": (1.0, 10.0),
}
"""The parameters searched, with their bounds."""

START = {
    "market.offer_rate_per_year": 1.3454,
    "market.offer_rate_halving_years": 3.4952,
    "population.mover_share": 0.4065,
    "market.mover_offer_multiplier": 5.4622,
    "market.switching_cost_per_embeddedness": 0.0478,
    "market.layoff_rate_monthly": 0.0053,
    "market.layoff_new_hire_excess_monthly": 0.0207,
    "market.layoff_excess_decay_years": 2.2381,
    "quality.match_sd": 0.4253,
    "market.active_search_multiplier": 4.156,
}
"""Where the last stage of the search started (the best point of the stage before)."""

WEIGHTS = {"median_tenure_55_64": 3.0}
"""Triple weight on the target that stayed furthest from its band in the stage before."""

REPLICATIONS = 2
SEED = 7
EVALUATIONS = 100


def main(argv: list[str] | None = None) -> int:
    """Run the search and print the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--evaluations", type=int, default=EVALUATIONS)
    args = parser.parse_args(argv)
    scenario = mj.calibration.apply_parameters(mj.scenarios.baseline(), START)

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
            weights=WEIGHTS,
            callback=progress,
        )
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
