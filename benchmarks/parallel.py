"""Parallel speed-up of replications, and memory of a sweep as it grows.

Two measurements in one process:

1. **Speed-up.** ``mj.compare`` runs ``--replications`` replications of the
   baseline preset (under ``--policy``) serially, then on a
   ``ProcessPoolExecutor`` with ``--workers`` processes (pool start-up
   included), and prints the speed-up; the design target is at least 1.8 on
   two cores. Both tables are checked to be identical.
2. **Memory of a sweep.** ``mj.sweep`` runs grids of growing size (a small,
   short scenario, results streamed to a SQLite store) on the same pool, and
   prints the peak memory that Python allocated in the main process for each
   (``tracemalloc``); per task it should stay at the size of a summary, not
   of a run's records, so memory stays flat as a sweep grows.

Run from the repository root::

    python benchmarks/parallel.py
    python benchmarks/parallel.py --replications 8 --sweep-sizes 20 80 --json parallel.json
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
from _common import write_json  # benchmarks/_common.py

import microjob as mj

TARGET_SPEEDUP = 1.8


def bench_speedup(replications: int, workers: int, policy: str, seed: int) -> dict[str, Any]:
    """Serial and pooled wall time of the same comparison on the baseline."""
    scenario = mj.scenarios.baseline()
    start = time.perf_counter()
    serial = mj.compare(scenario, [policy], replications=replications, seed=seed)
    serial_s = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pooled = mj.compare(scenario, [policy], replications=replications, seed=seed, executor=pool)
    pooled_s = time.perf_counter() - start
    same = [attrs.astuple(r.summary) for r in serial.runs] == [
        attrs.astuple(r.summary) for r in pooled.runs
    ] or _nan_equal(serial, pooled)
    return {
        "replications": replications,
        "workers": workers,
        "policy": policy,
        "serial_s": serial_s,
        "pool_s": pooled_s,
        "speedup": serial_s / pooled_s,
        "identical": same,
    }


def _nan_equal(a: mj.Comparison, b: mj.Comparison) -> bool:
    x = np.array([attrs.astuple(r.summary) for r in a.runs], dtype=float)
    y = np.array([attrs.astuple(r.summary) for r in b.runs], dtype=float)
    return bool(np.array_equal(x, y, equal_nan=True))


def bench_sweep_memory(sizes: Sequence[int], workers: int, seed: int) -> list[dict[str, Any]]:
    """Peak Python memory of the main process for sweeps of ``sizes`` tasks."""
    scenario = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    rows = []
    with ProcessPoolExecutor(max_workers=workers) as pool, tempfile.TemporaryDirectory() as tmp:
        mj.compare(scenario, ["traditional"], replications=workers, seed=seed, executor=pool)
        for i, n in enumerate(sizes):
            store = Path(tmp) / f"sweep{i}.sqlite"
            grid = {"market.offer_rate_per_year": list(np.linspace(0.1, 0.5, n))}
            tracemalloc.start()
            start = time.perf_counter()
            result = mj.sweep(scenario, grid, replications=1, seed=seed, executor=pool, store=store)
            elapsed = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append(
                {
                    "tasks": len(result.runs),
                    "seconds": elapsed,
                    "peak_mib": peak / 2**20,
                    "store_mib": os.path.getsize(store) / 2**20,
                }
            )
    # For scale: the records of one run, which a task never sends back.
    tracemalloc.start()
    run = mj.simulate(scenario, seed=seed)
    run.summary()
    _, one_run = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for row in rows:
        row["one_run_mib"] = one_run / 2**20
    return rows


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=16, help="default 16")
    parser.add_argument("--workers", type=int, default=2, help="pool processes (default 2)")
    parser.add_argument(
        "--policy",
        default="internal-freelance",
        choices=["traditional", "internal-freelance"],
        help="policy of the replications (default internal-freelance)",
    )
    parser.add_argument(
        "--sweep-sizes",
        type=int,
        nargs="+",
        default=[25, 100],
        metavar="N",
        help="numbers of tasks of the memory sweeps (default 25 100)",
    )
    parser.add_argument("--seed", type=int, default=1, help="root seed (default 1)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)

    print(f"microjob parallel: python {platform.python_version()}, {os.cpu_count()} CPUs")
    speed = bench_speedup(args.replications, args.workers, args.policy, args.seed)
    verdict = "met" if speed["speedup"] >= TARGET_SPEEDUP else "NOT met"
    print(
        f"\n{speed['replications']} replications of the baseline ({speed['policy']}): "
        f"serial {speed['serial_s']:.1f} s, {speed['workers']}-process pool "
        f"{speed['pool_s']:.1f} s, speed-up {speed['speedup']:.2f} "
        f"(target >= {TARGET_SPEEDUP}: {verdict})"
        f"; tables identical: {speed['identical']}"
    )
    memory = bench_sweep_memory(args.sweep_sizes, args.workers, args.seed)
    print("\nsweep tasks  seconds  peak MiB (main process)  KiB per task  store MiB")
    for row in memory:
        per_task = row["peak_mib"] * 1024 / row["tasks"]
        print(
            f"{row['tasks']:>11}  {row['seconds']:>7.1f}  {row['peak_mib']:>23.2f}"
            f"  {per_task:>12.1f}  {row['store_mib']:>9.2f}"
        )
    if len(memory) >= 2:
        a, b = memory[0], memory[-1]
        slope = (b["peak_mib"] - a["peak_mib"]) * 1024 / (b["tasks"] - a["tasks"])
        print(
            f"growth: {slope:.1f} KiB per extra task; one run's records take "
            f"{a['one_run_mib']:.1f} MiB, which tasks never send back"
        )
    out = {"speedup": speed, "sweep_memory": memory}
    write_json(args.json, out)
    return out


if __name__ == "__main__":
    main()
