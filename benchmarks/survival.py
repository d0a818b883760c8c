"""Speed of the Kaplan-Meier estimator, measured side by side in one process.

Generates ``--n`` employment spells shaped like a run's output (see
``make_spells``), in two versions: times rounded up to whole weeks (a few
thousand distinct times, heavy ties, as in data recorded on a weekly grid)
and continuous times (almost no ties: the case of microjob's own spells,
which end at continuous simulated times).
For each it times, as the best of ``--repeats`` runs after a warm-up:

1. ``numpy.sort`` of the durations: the floor for any estimator that has to
   order the exit times;
2. ``microjob.kaplan_meier(durations, observed)``, confidence limits included
   (it always computes them);
3. lifelines' ``KaplanMeierFitter().fit(durations, observed)``, which also
   computes its confidence limits by default;
4. unless ``--no-entry``, both estimators again with delayed entry (the spells
   that began before the measurement window enter at their tenure then).

Then prints the two ratios the project sets targets for: lifelines' time over
ours (at least 2) and ours over ``numpy.sort`` (at most 2), and, as a sanity
check that both computed the same thing, the largest difference between the
two survival curves at lifelines' time points. Run from the repository root::

    python benchmarks/survival.py                  # one million spells, best of 3
    python benchmarks/survival.py --n 200000 --times weeks --json survival.json
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import numpy as np
from _common import best_of, platform_info, write_json  # benchmarks/_common.py

import microjob as mj

WEEKS_PER_YEAR = 52

TARGET_LIFELINES_OVER_OURS = 2.0
TARGET_OURS_OVER_SORT = 2.0

# The spell-length mixture, in years (see make_spells).
HOPPER_SHARE = 0.6
HOPPER_MEAN_YEARS = 1.5
STAYER_MEDIAN_YEARS = 6.0
STAYER_SIGMA = 0.8
WINDOW_YEARS = 10.0
EARLIEST_START_YEARS = -30.0


# ------------------------------------------------------------------ the data
def make_spells(n: int, seed: int, resolution: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` spells observed in a window of ``WINDOW_YEARS``: durations, observed, entry.

    The data mimic what a run records, in years:

    * spell lengths are a mixture of job hoppers (share ``HOPPER_SHARE``,
      exponential with mean ``HOPPER_MEAN_YEARS``) and stayers (lognormal
      with median ``STAYER_MEDIAN_YEARS`` and log-sd ``STAYER_SIGMA``);
    * spells start uniformly between ``EARLIEST_START_YEARS`` and the end of
      the window, and only those that overlap the window are kept, as a run
      keeps every spell that overlaps its measurement window;
    * spells still running at the end of the window are censored there
      (administrative censoring, about 30 % of the spells);
    * spells that began before the window enter at their tenure when it
      opens (delayed entry, about 30 % of the spells);
    * if ``resolution`` > 0, durations and entries are rounded up to
      multiples of it; 1/52 is whole weeks, as spells are usually reported,
      which leaves about 2,000 distinct times (heavy ties, and entries equal
      to other spells' exit times). Rounding up keeps every duration positive
      and every entry at most its duration. With ``resolution`` 0 the times
      are continuous, as the engine's clock is, and almost all distinct.
    """
    rng = np.random.default_rng(seed)
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    kept = 0
    while kept < n:
        m = 2 * (n - kept) + 1000
        hopper = rng.random(m) < HOPPER_SHARE
        length = np.where(
            hopper,
            rng.exponential(HOPPER_MEAN_YEARS, m),
            rng.lognormal(np.log(STAYER_MEDIAN_YEARS), STAYER_SIGMA, m),
        )
        start = rng.uniform(EARLIEST_START_YEARS, WINDOW_YEARS, m)
        overlaps = start + length > 0.0
        start, length = start[overlaps], length[overlaps]
        entry = np.maximum(0.0, -start)
        exit_ = np.minimum(length, WINDOW_YEARS - start)
        observed = length <= WINDOW_YEARS - start
        chunks.append((exit_, observed, entry))
        kept += exit_.size
    durations, observed, entry = (np.concatenate(parts)[:n] for parts in zip(*chunks, strict=True))
    if resolution > 0:
        durations = np.ceil(durations / resolution) * resolution
        entry = np.ceil(entry / resolution) * resolution
    return durations, observed, entry


# ------------------------------------------------------------ the estimators
def run_lifelines(durations: np.ndarray, observed: np.ndarray, entry: np.ndarray | None) -> Any:
    """Fit lifelines' Kaplan-Meier estimator (its confidence limits included)."""
    from lifelines import KaplanMeierFitter

    return KaplanMeierFitter().fit(durations, observed, entry=entry)


def max_difference(ours: Any, theirs: Any) -> float:
    """Largest absolute difference of the two survival curves at lifelines' time points."""
    timeline = theirs.survival_function_.index.to_numpy(dtype=float)
    expected = theirs.survival_function_.iloc[:, 0].to_numpy()
    return float(np.max(np.abs(np.asarray(ours.at(timeline)) - expected)))


def bench(
    durations: np.ndarray,
    observed: np.ndarray,
    entry: np.ndarray | None,
    repeats: int,
    with_lifelines: bool,
) -> dict[str, Any]:
    """Time ours and (optionally) lifelines on the same arrays, warm-up first."""

    def ours() -> Any:
        return mj.kaplan_meier(durations, observed, entry)

    ours()
    ours_s, curve = best_of(ours, repeats)
    out: dict[str, Any] = {"ours_s": ours_s, "distinct_times": int(curve.times.size)}
    if with_lifelines:
        run_lifelines(durations, observed, entry)
        theirs_s, fitted = best_of(lambda: run_lifelines(durations, observed, entry), repeats)
        out["lifelines_s"] = theirs_s
        out["max_abs_difference"] = max_difference(curve, fitted)
    return out


# ------------------------------------------------------------------ report
def lifelines_version() -> str | None:
    """Installed lifelines version, or None when it is not installed."""
    try:
        return metadata.version("lifelines")
    except metadata.PackageNotFoundError:
        return None


def fmt(value: float | None, decimals: int) -> str:
    return "-" if value is None else f"{value:,.{decimals}f}"


def fmt_small(value: float | None) -> str:
    return "-" if value is None else f"{value:.1e}"


def verdict(value: float | None, target: float, at_least: bool) -> str:
    if value is None:
        return "skipped"
    met = value >= target if at_least else value <= target
    return "met" if met else "NOT met"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of spells")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per benchmark (best)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated spells")
    parser.add_argument(
        "--times",
        choices=("weeks", "continuous", "both"),
        default="both",
        help="times rounded up to whole weeks (ties), continuous, or both (default)",
    )
    parser.add_argument("--no-entry", action="store_true", help="skip the runs with delayed entry")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.n < 1:
        parser.error("--n must be at least 1")

    versions = {
        "python": platform.python_version(),
        "microjob": mj.__version__,
        "numpy": np.__version__,
        "lifelines": lifelines_version(),
        "pandas": metadata.version("pandas") if lifelines_version() is not None else None,
    }
    with_lifelines = versions["lifelines"] is not None
    print(
        f"microjob survival: best of {args.repeats} after a warm-up, one process\n"
        + ", ".join(f"{k} {v}" for k, v in versions.items() if v is not None)
        + f"; {platform.machine()} {platform.system()}"
    )
    if not with_lifelines:
        print("lifelines comparison skipped (not installed); to run it: pip install lifelines")

    resolutions = {"weeks": 1.0 / WEEKS_PER_YEAR, "continuous": 0.0}
    kinds = list(resolutions) if args.times == "both" else [args.times]
    results: dict[str, dict[str, Any]] = {}
    targets: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        durations, observed, entry = make_spells(args.n, args.seed, resolutions[kind])
        data = {
            "resolution_years": resolutions[kind],
            "distinct_durations": int(np.unique(durations).size),
            "censored_share": float(1.0 - observed.mean()),
            "delayed_entry_share": float((entry > 0).mean()),
        }
        np.sort(durations)
        sort_s, _ = best_of(lambda d=durations: np.sort(d), args.repeats)
        runs = {"plain": bench(durations, observed, None, args.repeats, with_lifelines)}
        if not args.no_entry:
            runs["entry"] = bench(durations, observed, entry, args.repeats, with_lifelines)
        results[kind] = {"data": data, "numpy_sort_s": sort_s, "runs": runs}

        print()
        print(
            f"{kind}: {args.n:,} spells, {data['distinct_durations']:,} distinct durations, "
            f"{data['censored_share']:.0%} censored, {data['delayed_entry_share']:.0%} with "
            "delayed entry (used in the 'entry' runs)"
        )
        header = (
            f"{'run':<8} {'numpy.sort s':>12} {'ours s':>8} {'lifelines s':>11} "
            f"{'lifelines/ours':>14} {'ours/sort':>9} {'max |dS|':>9}"
        )
        print(header)
        print("-" * len(header))
        for name, r in runs.items():
            speedup = r["lifelines_s"] / r["ours_s"] if with_lifelines else None
            over_sort = r["ours_s"] / sort_s
            r["lifelines_over_ours"] = speedup
            r["ours_over_sort"] = over_sort
            for key, value, target, at_least in (
                ("lifelines_over_ours", speedup, TARGET_LIFELINES_OVER_OURS, True),
                ("ours_over_sort", over_sort, TARGET_OURS_OVER_SORT, False),
            ):
                targets[f"{key}_{kind}_{name}"] = {
                    "value": value,
                    "target": target,
                    "verdict": verdict(value, target, at_least),
                }
            print(
                f"{name:<8} {sort_s:>12.3f} {r['ours_s']:>8.3f} "
                f"{fmt(r.get('lifelines_s'), 3):>11} {fmt(speedup, 2):>14} "
                f"{over_sort:>9.2f} {fmt_small(r.get('max_abs_difference')):>9}"
            )

    if any(
        r["runs"].get("entry", {}).get("max_abs_difference", 0.0) > 1e-9 for r in results.values()
    ):
        print(
            "With delayed entry and tied times the curves differ by design: lifelines leaves\n"
            "subjects who enter at an exit time out of the risk set at that time (see\n"
            "tests/test_survival.py); ours counts everyone with entry <= t <= duration."
        )

    print()
    header = f"{'check':<40} {'value':>6} {'target':>7}  verdict"
    print(header)
    print("-" * len(header))
    for key, t in targets.items():
        sign = ">=" if key.startswith("lifelines") else "<="
        label = key.replace("_over_", " / ").replace("_", " ")
        target = f"{sign} {t['target']:g}"
        print(f"{label:<40} {fmt(t['value'], 2):>6} {target:>7}  {t['verdict']}")

    report = {
        "versions": versions,
        "platform": platform_info(),
        "n": args.n,
        "repeats": args.repeats,
        "seed": args.seed,
        "results": results,
        "targets": targets,
    }
    write_json(args.json, report)
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
