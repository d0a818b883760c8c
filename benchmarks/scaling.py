"""How the cost of a run grows with the number of workers.

Builds the same kind of world at several sizes (more companies of the same
size and a proportionally larger outside market, so that every company-level
quantity stays fixed) and times one run of each under a policy, reporting
the workers, seconds, worker-years per second, the time ratio against the
smallest size and the peak resident memory of a fresh process per size. The
base size is 2,900 workers (three companies of 300 and an outside market of
2,000); runs have the baseline's 52-year burn-in and 20-year window unless told
otherwise.

    python benchmarks/scaling.py                      # 1x, 3x and 10x the base size
    python benchmarks/scaling.py --scales 1 10 35     # up to about 100,000 workers
    python benchmarks/scaling.py --scales 1 10 --policy traditional --warmup-years 10

The design targets are linear cost (ten times the workers in at most eleven
times the time) and under 2 GB of memory at 100,000 workers.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import microjob as mj
from microjob.scenario import build_scenario

BASE_COMPANIES = 3
EMPLOYEES = 300
BASE_OUTSIDE = 2000


def run_once(
    scale: int, policy_name: str, warmup_years: float, horizon_years: float, seed: int
) -> dict[str, float]:
    """Time one run at ``scale`` times the base size (in this process)."""
    policy = (
        mj.InternalFreelance()
        if policy_name == "internal-freelance"
        else (mj.TraditionalEmployment())
    )
    scenario = build_scenario(
        f"scale-{scale}",
        [policy] * (BASE_COMPANIES * scale),
        employees_per_company=EMPLOYEES,
        outside_workers=BASE_OUTSIDE * scale,
        warmup_years=warmup_years,
        horizon_years=horizon_years,
    )
    workers = sum(c.headcount for c in scenario.companies) + scenario.population.outside_workers
    start = time.perf_counter()
    result = mj.simulate(scenario, seed=seed)
    seconds = time.perf_counter() - start
    worker_years = result.summary().worker_years
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {
        "scale": scale,
        "workers": workers,
        "seconds": seconds,
        "worker_years": worker_years,
        "worker_years_per_s": worker_years / seconds,
        "peak_rss_mb": peak_mb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument(
        "--policy", choices=["traditional", "internal-freelance"], default="internal-freelance"
    )
    parser.add_argument("--warmup-years", type=float, default=52.0, help="burn-in (default 52)")
    parser.add_argument("--horizon-years", type=float, default=20.0, help="window (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:  # measure one size in a fresh process (clean peak memory)
        run = run_once(args.child, args.policy, args.warmup_years, args.horizon_years, args.seed)
        print(json.dumps(run))
        return 0
    rows = []
    for scale in args.scales:
        cmd = [sys.executable, __file__, "--child", str(scale), "--policy", args.policy]
        cmd += ["--warmup-years", str(args.warmup_years)]
        cmd += ["--horizon-years", str(args.horizon_years), "--seed", str(args.seed)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    base = rows[0]
    years = f"{args.warmup_years:g} + {args.horizon_years:g}"
    print(f"scaling, {args.policy}, {years} simulated years, seed {args.seed}")
    print(
        f"{'scale':>6} {'workers':>8} {'workers-yrs':>12} {'seconds':>9} {'wy/s':>9} "
        f"{'time ratio':>11} {'per-size ratio':>15} {'peak MB':>8}"
    )
    for row in rows:
        ratio = row["seconds"] / base["seconds"]
        size = row["scale"] / base["scale"]
        print(
            f"{row['scale']:>6} {row['workers']:>8,} {row['worker_years']:>12,.0f} "
            f"{row['seconds']:>9.2f} {row['worker_years_per_s']:>9,.0f} {ratio:>11.2f} "
            f"{ratio / size:>15.2f} "
            f"{row['peak_rss_mb']:>8.0f}"
        )
    print("targets: per-size ratio <= 1.1 (linear cost); peak < 2,048 MB at 100,000 workers")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
