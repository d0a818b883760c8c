"""Throughput of the engine, measured side by side in one process.

Measures, each as the best of ``--repeats`` timed runs after a warm-up:

1. the baseline preset under each policy: wall time, worker-years simulated
   per second and model events per second (``result.stats.events``);
2. a bare SimPy loop (processes that only ``yield env.timeout(1)``): the
   kernel's events per second, the ceiling for any SimPy model;
3. if Mesa is installed, the simplest model a user might write instead: a
   weekly step with one quit draw per worker, for as many workers and years
   as the baseline simulates, in worker-years per second.

Then prints the ratios the project sets targets for. Run from the
repository root::

    python benchmarks/throughput.py
    python benchmarks/throughput.py --repeats 5 --json throughput.json
"""

from __future__ import annotations

import argparse
import platform
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import numpy as np
import simpy
from _common import best_of, platform_info, write_json  # benchmarks/_common.py

import microjob as mj

WEEKS_PER_YEAR = 52

TARGET_WORKER_YEARS_PER_S = 50_000.0
TARGET_EVENTS_SHARE_OF_BARE_SIMPY = 0.5
TARGET_WORKER_YEARS_SHARE_OF_MESA = 1.0


# -------------------------------------------------------------- the engine
def bench_baseline(policy: Any, seed: int, repeats: int) -> dict[str, float]:
    """One warm-up run of the baseline under ``policy``, then the best of ``repeats``."""
    scenario = mj.scenarios.baseline()

    def run() -> mj.RunResult:
        return mj.simulate(scenario, seed=seed, policy=policy)

    run()
    wall_s, result = best_of(run, repeats)
    worker_years = result.summary().worker_years
    events = result.stats.events
    return {
        "wall_s": wall_s,
        "worker_years": worker_years,
        "events": events,
        "worker_years_per_s": worker_years / wall_s,
        "events_per_s": events / wall_s,
        "simulated_years": scenario.warmup_years + scenario.horizon_years,
    }


# ------------------------------------------------------------- bare SimPy
def bare_simpy_events(processes: int, steps: int) -> int:
    """Run ``processes`` processes that each wait ``steps`` times; return the timeouts."""
    env = simpy.Environment()

    def waiter(env: simpy.Environment) -> Any:
        for _ in range(steps):
            yield env.timeout(1)

    for _ in range(processes):
        env.process(waiter(env))
    env.run()
    return processes * steps


def bench_bare_simpy(processes: int, steps: int, repeats: int) -> dict[str, float]:
    """Events per second of the bare timeout loop (warm-up on a tenth of the steps)."""
    bare_simpy_events(processes, max(1, steps // 10))
    wall_s, events = best_of(lambda: bare_simpy_events(processes, steps), repeats)
    return {
        "processes": processes,
        "steps": steps,
        "events": events,
        "wall_s": wall_s,
        "events_per_s": events / wall_s,
    }


# -------------------------------------------------------------------- Mesa
def mesa_version() -> str | None:
    """Installed Mesa version, or None when Mesa cannot be imported."""
    try:
        import mesa
    except ImportError:
        return None
    return str(getattr(mesa, "__version__", "unknown"))


def mesa_is_usable(version: str | None) -> bool:
    """Whether the installed Mesa has the Mesa 3 API the model below is written for."""
    if version is None:
        return False
    major = version.split(".", 1)[0]
    return major.isdigit() and int(major) >= 3


def run_mesa(workers: int, weeks: int, quit_rate_monthly: float, seed: int) -> int:
    """A minimal Mesa 3 career model: each week every worker draws once whether to quit.

    A quit resets the worker's tenure (they move to another employer). Returns
    the number of quits, so the work cannot be optimised away.
    """
    import mesa

    quit_p_weekly = 1.0 - (1.0 - quit_rate_monthly) ** (12.0 / WEEKS_PER_YEAR)

    class Employee(mesa.Agent):
        def __init__(self, model: mesa.Model) -> None:
            super().__init__(model)
            self.tenure_weeks = 0

        def step(self) -> None:
            if self.random.random() < quit_p_weekly:
                self.model.quits += 1
                self.tenure_weeks = 0
            else:
                self.tenure_weeks += 1

    class Careers(mesa.Model):
        def __init__(self) -> None:
            super().__init__(seed=seed)
            self.quits = 0
            for _ in range(workers):
                Employee(self)

        def step(self) -> None:
            self.agents.shuffle_do("step")

    model = Careers()
    for _ in range(weeks):
        model.step()
    return model.quits


def bench_mesa(workers: int, years: float, seed: int, repeats: int) -> dict[str, float]:
    """Worker-years per second of the minimal Mesa model (warm-up of one simulated year)."""
    weeks = round(years * WEEKS_PER_YEAR)
    quit_rate = 0.02
    run_mesa(workers, WEEKS_PER_YEAR, quit_rate, seed)
    wall_s, quits = best_of(lambda: run_mesa(workers, weeks, quit_rate, seed), repeats)
    worker_years = workers * weeks / WEEKS_PER_YEAR
    return {
        "workers": workers,
        "weeks": weeks,
        "quits": quits,
        "wall_s": wall_s,
        "worker_years": worker_years,
        "worker_years_per_s": worker_years / wall_s,
        "agent_steps_per_s": workers * weeks / wall_s,
    }


# ----------------------------------------------------------------- report
def fmt(value: float | None, decimals: int = 0) -> str:
    return "-" if value is None else f"{value:,.{decimals}f}"


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "skipped"
    return "met" if value >= target else "NOT met"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per benchmark (best)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the baseline runs")
    parser.add_argument(
        "--simpy-processes", type=int, default=1000, help="processes in the bare SimPy loop"
    )
    parser.add_argument(
        "--simpy-steps", type=int, default=500, help="timeouts per process in the bare SimPy loop"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    versions = {
        "python": platform.python_version(),
        "microjob": mj.__version__,
        "simpy": metadata.version("simpy"),
        "numpy": np.__version__,
        "mesa": mesa_version(),
    }
    print(
        f"microjob throughput: best of {args.repeats} after a warm-up, one process\n"
        + ", ".join(f"{k} {v}" for k, v in versions.items() if v is not None)
        + f"; {platform.machine()} {platform.system()}"
    )
    print()

    policies = {
        "traditional": mj.TraditionalEmployment(),
        "internal_freelance": mj.InternalFreelance(),
    }
    baseline = {
        name: bench_baseline(policy, args.seed, args.repeats) for name, policy in policies.items()
    }
    bare = bench_bare_simpy(args.simpy_processes, args.simpy_steps, args.repeats)

    flex = baseline["internal_freelance"]
    mesa_workers = round(flex["worker_years"] / flex["simulated_years"])
    mesa_result = None
    if mesa_is_usable(versions["mesa"]):
        mesa_result = bench_mesa(mesa_workers, flex["simulated_years"], args.seed, args.repeats)

    rows: list[tuple[str, float, float | None, float | None]] = [
        (
            f"baseline, {name.replace('_', ' ')}",
            r["wall_s"],
            r["worker_years_per_s"],
            r["events_per_s"],
        )
        for name, r in baseline.items()
    ]
    rows.append(
        (
            f"bare SimPy ({bare['processes']:,} x {bare['steps']:,} timeouts)",
            bare["wall_s"],
            None,
            bare["events_per_s"],
        )
    )
    if mesa_result is not None:
        rows.append(
            (
                f"Mesa weekly quit draw ({mesa_workers:,} workers)",
                mesa_result["wall_s"],
                mesa_result["worker_years_per_s"],
                None,
            )
        )
    header = f"{'run':<42} {'wall s':>8} {'worker-years/s':>15} {'events/s':>12}"
    print(header)
    print("-" * len(header))
    for label, wall_s, wy_per_s, ev_per_s in rows:
        print(f"{label:<42} {wall_s:>8.2f} {fmt(wy_per_s):>15} {fmt(ev_per_s):>12}")
    if mesa_result is None:
        if versions["mesa"] is None:
            print("Mesa comparison skipped (Mesa not installed); to run it: pip install mesa")
        else:
            print(
                f"Mesa comparison skipped (Mesa {versions['mesa']} found, Mesa 3+ needed); "
                "to run it: pip install -U mesa"
            )
    print()

    ratios: dict[str, dict[str, float | None]] = {}
    for name, r in baseline.items():
        ratios[name] = {
            "events_per_s_over_bare_simpy": r["events_per_s"] / bare["events_per_s"],
            "worker_years_per_s_over_mesa": (
                r["worker_years_per_s"] / mesa_result["worker_years_per_s"]
                if mesa_result is not None
                else None
            ),
        }
    checks = (
        ("worker-years/s", "worker_years_per_s", TARGET_WORKER_YEARS_PER_S, 0),
        (
            "events/s / bare SimPy events/s",
            "events_per_s_over_bare_simpy",
            TARGET_EVENTS_SHARE_OF_BARE_SIMPY,
            3,
        ),
        (
            "worker-years/s / Mesa worker-years/s",
            "worker_years_per_s_over_mesa",
            TARGET_WORKER_YEARS_SHARE_OF_MESA,
            2,
        ),
    )
    header = f"{'check':<37} {'traditional':>11} {'int. freelance':>14} {'target':>10}  verdict"
    print(header)
    print("-" * len(header))
    targets: dict[str, dict[str, Any]] = {}
    for label, key, target, decimals in checks:
        values = {n: {**baseline[n], **ratios[n]}[key] for n in baseline}
        flex_value = values["internal_freelance"]
        targets[key] = {"target": target, **values, "verdict": verdict(flex_value, target)}
        target_text = f">= {target:,g}" if target < 1000 else f">= {target:,.0f}"
        print(
            f"{label:<37} {fmt(values['traditional'], decimals):>11} "
            f"{fmt(flex_value, decimals):>14} {target_text:>10}  {targets[key]['verdict']}"
        )
    print("Verdicts are for internal freelance, the policy the design targets name.")

    report = {
        "versions": versions,
        "platform": platform_info(),
        "repeats": args.repeats,
        "seed": args.seed,
        "baseline": baseline,
        "bare_simpy": bare,
        "mesa": mesa_result,
        "ratios": ratios,
        "targets": targets,
    }
    write_json(args.json, report)
    return report


if __name__ == "__main__":
    main(sys.argv[1:])
