"""How the cost of a run grows with the number of workers.

Builds the same kind of world at several sizes (more companies of the same
size and a proportionally larger outside market, so that every company-level
quantity stays fixed) and times one run of each under a policy, reporting
seconds, worker-years per second, the time ratio against the smallest size and
the peak resident memory of a fresh process per size.

    python benchmarks/scaling.py                      # 1x, 3x and 10x the base size
    python benchmarks/scaling.py --scales 1 10 --policy traditional

The design target is linear cost: ten times the workers in at most eleven
times the time.
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


def run_once(scale: int, policy_name: str, years: float, seed: int) -> dict[str, float]:
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
        warmup_years=years / 3.0,
        horizon_years=2.0 * years / 3.0,
    )
    start = time.perf_counter()
    result = mj.simulate(scenario, seed=seed)
    seconds = time.perf_counter() - start
    worker_years = result.summary().worker_years
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {
        "scale": scale,
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
    parser.add_argument("--years", type=float, default=15.0, help="warm-up plus window")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:  # measure one size in a fresh process (clean peak memory)
        print(json.dumps(run_once(args.child, args.policy, args.years, args.seed)))
        return 0
    rows = []
    for scale in args.scales:
        cmd = [sys.executable, __file__, "--child", str(scale), "--policy", args.policy]
        cmd += ["--years", str(args.years), "--seed", str(args.seed)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    base = rows[0]
    print(f"scaling, {args.policy}, {args.years:g} simulated years, seed {args.seed}")
    print(
        f"{'scale':>6} {'workers-yrs':>12} {'seconds':>9} {'wy/s':>9} {'time ratio':>11} "
        f"{'per-size ratio':>15} {'peak MB':>8}"
    )
    for row in rows:
        ratio = row["seconds"] / base["seconds"]
        size = row["scale"] / base["scale"]
        print(
            f"{row['scale']:>6} {row['worker_years']:>12,.0f} {row['seconds']:>9.2f} "
            f"{row['worker_years_per_s']:>9,.0f} {ratio:>11.2f} {ratio / size:>15.2f} "
            f"{row['peak_rss_mb']:>8.0f}"
        )
    print("target: time ratio <= 1.1 x size ratio (linear cost)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
