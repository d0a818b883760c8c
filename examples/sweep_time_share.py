"""How retention and skill growth change with the micro-job time share.

Sweeps the share of working time that employees may give to micro-jobs, from
15 to 40%, with every simulated company under ``InternalFreelance``, and runs
two references on the same replication seeds: traditional employment, and the
marketplace with micro-jobs switched off (internal fills and redeployment
alone), so that what the micro-jobs add shows apart from the rest. Prints
mean and 95% confidence interval over replications of two-year retention,
the quit rate, skill growth and micro-job bonuses, and draws them against the
time share::

    python examples/sweep_time_share.py                      # baseline, 4 replications
    python examples/sweep_time_share.py --workers 2 --figure time_share.png
    python examples/sweep_time_share.py --preset small --replications 3 --no-figure

The figure needs matplotlib (``pip install 'microjob[plot]'``). Output is
deterministic: the same options print the same table, with any number of
workers.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from typing import Any

import microjob as mj

TIME_SHARES = (0.15, 0.2, 0.3, 0.4)
"""Micro-job time shares swept, up to two days a week. A micro-job takes 10-20% of a
week by default, so no micro-job fits a share of 10% or less (microjob refuses such a
policy); at 15% about half the postings fit."""

REFERENCES = {
    "traditional": mj.TraditionalEmployment(),
    "no micro-jobs": mj.InternalFreelance(gigs_per_employee_year=0.0),
}
"""The reference arms: no marketplace, and the marketplace without micro-jobs."""

MEASURES = (
    ("retention_2y", "2-year retention, %", 100.0, 1),
    ("quit_rate_monthly", "quits, % per month", 100.0, 2),
    ("skill_gain_per_worker_year", "skill gain per worker-year", 1.0, 3),
    ("gig_bonus_per_employee_year", "bonuses per employee-year", 1.0, 0),
)
"""(RunSummary field, label, scale, decimals) of the columns printed."""


def cell(estimate: Any, scale: float, decimals: int) -> str:
    """``mean [low, high]`` of one estimate, scaled."""
    if estimate.n == 0:
        return "n/a"
    m, lo, hi = (scale * x for x in (estimate.mean, estimate.ci_low, estimate.ci_high))
    return f"{m:,.{decimals}f} [{lo:,.{decimals}f}, {hi:,.{decimals}f}]"


def run(
    preset: str, replications: int, seed: int, executor: Executor | None
) -> tuple[mj.SweepResult, mj.Comparison]:
    """The time-share sweep and the reference arms, on the same seeds."""
    scenario = getattr(mj.scenarios, preset)()
    grid = {
        "companies[*].policy": ["internal-freelance"],
        "companies[*].policy.time_share": list(TIME_SHARES),
    }
    sweep = mj.sweep(scenario, grid, replications=replications, seed=seed, executor=executor)
    reference = mj.compare(
        scenario, REFERENCES, replications=replications, seed=seed, executor=executor
    )
    return sweep, reference


def table(sweep: mj.SweepResult, reference: mj.Comparison) -> list[str]:
    """Rows of the printed table: the references first, then one row per time share."""
    names = [m for m, *_ in MEASURES]
    per_point = sweep.aggregate(names)
    ref = reference.table(names)
    header = f"{'time share':<14}" + "".join(f"{label:>30}" for _, label, _, _ in MEASURES)
    lines = [header, "-" * len(header)]
    for arm in REFERENCES:
        row = f"{arm:<14}"
        row += "".join(f"{cell(ref.get(arm, m), s, d):>30}" for m, _, s, d in MEASURES)
        lines.append(row)
    for i, share in enumerate(TIME_SHARES):
        row = f"{share:<14.0%}"
        row += "".join(
            f"{cell(per_point.get(f'point {i}', m), s, d):>30}" for m, _, s, d in MEASURES
        )
        lines.append(row)
    return lines


def figure(sweep: mj.SweepResult, reference: mj.Comparison, path: str) -> None:
    """Retention and skill growth against the time share, with 95% intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = [100 * s for s in TIME_SHARES]
    panels = (
        ("retention_2y", "Two-year retention (%)", 100.0),
        ("skill_gain_per_worker_year", "Skill gain per worker-year", 1.0),
    )
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    for ax, (measure, label, scale) in zip(axes, panels, strict=True):
        points = [sweep.aggregate([measure]).get(f"point {i}", measure) for i in range(len(shares))]
        means = [scale * p.mean for p in points]
        errors = [
            [scale * (p.mean - p.ci_low) for p in points],
            [scale * (p.ci_high - p.mean) for p in points],
        ]
        ax.errorbar(shares, means, yerr=errors, marker="o", capsize=3, label="internal freelance")
        for arm, (color, style) in zip(
            REFERENCES, (("0.3", "--"), ("tab:orange", ":")), strict=True
        ):
            ref = reference.table([measure]).get(arm, measure)
            ax.axhline(scale * ref.mean, color=color, linestyle=style, label=arm)
            ax.axhspan(scale * ref.ci_low, scale * ref.ci_high, color=color, alpha=0.12, lw=0)
        ax.set_xlabel("Micro-job time share (% of working time)")
        ax.set_ylabel(label)
        ax.set_xticks(shares)
        ax.legend(frameon=False)
    n = sweep.replications
    fig.suptitle(f"Micro-job time share, {sweep.scenario.name} preset ({n} replications, 95% CI)")
    fig.savefig(path, dpi=150)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the sweep, print the table, draw the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="baseline", choices=mj.scenarios.names())
    parser.add_argument("--replications", type=int, default=4, help="default 4")
    parser.add_argument("--seed", type=int, default=1, help="root seed (default 1)")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes to run on (default 1: serially)"
    )
    parser.add_argument("--figure", default="sweep_time_share.png", help="PNG file to write")
    parser.add_argument("--no-figure", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else nullcontext(None)
    with pool as executor:
        sweep, reference = run(args.preset, args.replications, args.seed, executor)
    print(
        f"Micro-job time share on the {args.preset!r} preset: {args.replications} "
        f"replications from seed {args.seed}, mean [95% CI]."
    )
    print(
        "Traditional employment and the marketplace without micro-jobs run on the same "
        "seeds (common random numbers)."
    )
    print()
    print("\n".join(table(sweep, reference)))
    design = sweep.scenario.gigs
    print()
    print(
        f"A micro-job takes {design.effort_min_share:.0%}-{design.effort_max_share:.0%} of "
        "a week (GigDesign), and a worker takes one only while it fits in the time share,\n"
        f"so no micro-job fits a share of {design.effort_min_share:.0%} or less; the "
        "difference from 'no micro-jobs' is what the micro-jobs add."
    )
    if not args.no_figure:
        figure(sweep, reference, args.figure)


if __name__ == "__main__":
    main()
