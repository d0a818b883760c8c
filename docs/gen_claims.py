"""Generate docs/claims.md: the claims microjob was built to examine, each with the
experiment that tests it and what the model says, with 95% intervals.

Experiments, all on the ``baseline`` preset with common random numbers:

* a comparison of traditional employment, micro-jobs only
  (``InternalFreelance.micro_jobs_only()``) and full internal freelance;
* the ``graduates`` preset with profession-first and skills-first hiring, each
  comparing traditional employment with internal freelance;
* the barrier experiment of docs/gen_barriers.py (its runs are reused through
  the same store);
* the ``platform`` preset under traditional employment, as it is and with far more
  demand for projects and freelancing valued, against the baseline without it.

::

    python docs/gen_claims.py [--workers 2] [--replications 8] [--store FILE]

About twenty minutes on two cores from nothing; with the store of a previous
``gen_barriers.py`` call only the comparisons run (about six minutes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import attrs
import numpy as np

import microjob as mj

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_barriers  # a sibling script, not a package
from _pagegen import experiment_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "claims.md"
SEED = 1
ARMS = {
    "traditional": mj.TraditionalEmployment(),
    "micro-jobs only": mj.InternalFreelance.micro_jobs_only(),
    "internal-freelance": mj.InternalFreelance(),
}


ARM_NAMES = {"internal-freelance": "Full internal freelance", "micro-jobs only": "micro-jobs only"}

HIRING = {"profession-first": 1.0, "skills-first": 0.0}
"""``market.credential_weight`` of the two ways of hiring compared on the graduates preset."""

PLATFORMS: dict[str, dict[str, float]] = {
    "as in the preset": {},
    "eight times the demand": {"projects_per_worker_year": 4.0},
    "eight times the demand, freelancing valued": {
        "projects_per_worker_year": 4.0,
        "autonomy_value": 0.5,
        "fee_premium_share": 0.3,
        "newcomer_utilisation_share": 1.0,
    },
}
"""Settings of the ``platform`` preset for claim 1 (changes to ``Platform``): the preset;
clients buying eight times as many projects; and on top of that a value of autonomy at
the top of the published range, fees that carry benefits, and newcomers who expect to
be fully booked."""

PLATFORM_MEASURES = (
    "freelance_time_share",
    "mostly_freelance_share",
    "clients_per_freelancer_year",
    "freelance_income_cv",
    "weeks_between_engagements",
)


@attrs.frozen
class Evidence:
    """What the experiments found, for the claims to read."""

    comparison: mj.Comparison
    barriers: list[tuple[gen_barriers.Setting, mj.BarrierExperiment]]
    hiring: dict[str, mj.Comparison]
    """The graduates preset under each way of hiring: traditional against internal freelance."""
    platforms: dict[str, mj.Comparison]
    """The platform preset in each of ``PLATFORMS``' settings (traditional employment)."""

    def diff(self, arm: str, measure: str) -> Any:
        """Paired difference of ``arm`` from traditional employment."""
        table = self.comparison.differences("traditional", [measure])
        return table.get(arm, measure)


@attrs.frozen
class Claim:
    """One claim, how microjob tests it, and what the model says."""

    statement: str
    experiment: str
    finding: Callable[[Evidence], tuple[str, str]]
    """What the model says, and a one-word verdict."""


def _clear(row: Any) -> int:
    """+1 or -1 when the interval excludes 0, else 0."""
    return 1 if row.ci_low > 0 else -1 if row.ci_high < 0 else 0


def _paired(a: Any, b: Any, measure: str) -> Any:
    """Mean and t interval of ``a - b`` over replications (same seeds), as a row."""
    from microjob.experiment.tables import _interval

    mean, _, low, high, n = _interval(np.asarray(a, float) - np.asarray(b, float), 0.95)
    return _Row(mean, low, high, n)


@attrs.frozen
class _Row:
    mean: float
    ci_low: float
    ci_high: float
    n: int


def _level(values: Any, measure: str) -> str:
    """Mean over replications and its 95% t interval, in the measure's own display."""
    from microjob.experiment.tables import _interval

    info = mj.RunSummary.info(measure)
    mean, _, low, high, _ = _interval(np.asarray(values, float), 0.95)
    unit = "%" if info.percent else ""

    def n(x: float) -> str:
        return f"{info.scale * x:,.{info.decimals}f}{unit}"

    named = "" if info.percent else f" {info.short_unit}"
    return f"{n(mean)}{named} ({n(low)} to {n(high)})"


def _platform(ev: Evidence) -> tuple[str, str]:
    parts = []
    mostly = {}
    for name, comparison in ev.platforms.items():
        cells = ", ".join(
            f"{mj.RunSummary.info(m).label} {_level(comparison.values('traditional', m), m)}"
            for m in PLATFORM_MEASURES
        )
        parts.append(f"*{name}*: {cells}")
        mostly[name] = float(np.mean(comparison.values("traditional", "mostly_freelance_share")))
    preset = ev.platforms["as in the preset"]
    quits = _paired(
        preset.values("traditional", "quit_rate_monthly"),
        ev.comparison.values("traditional", "quit_rate_monthly"),
        "quit_rate_monthly",
    )
    said = (
        "Traditional employment with the platform: "
        + "; ".join(parts)
        + f". The preset's platform changes the companies' monthly quit rate by "
        f"{_v(quits, 'quit_rate_monthly')} (against the baseline without it)."
    )
    if mostly["as in the preset"] >= 0.5:
        return said + " Most careers are mostly freelance.", "supported"
    if max(mostly.values()) >= 0.5:
        return (
            said + " Careers become mostly freelance only where clients buy far more "
            "work as projects and freelancing is valued.",
            "depends",
        )
    return (
        said + " Freelancers work for many clients, with volatile income, but careers "
        "stay made of jobs: few people freelance for long, because a freelancer the "
        "platform keeps idle takes the next good job, and freelancing can grow only as "
        "far as clients' demand for projects, which the model takes as given (companies "
        "buy projects beside their positions, not instead of them).",
        "not supported",
    )


def _credentials(ev: Evidence) -> tuple[str, str]:
    grad, other = "graduate_hired_within_6m_share", "nongraduate_hired_within_6m_share"
    parts, edges = [], {}
    for name, comparison in ev.hiring.items():
        edge = _paired(
            comparison.values("traditional", grad), comparison.values("traditional", other), grad
        )
        edges[name] = edge
        parts.append(f"{name} hiring: {_v(edge, grad)}")
    said = (
        "Graduates' lead over other entrants in the share hired within six months, "
        "traditional employment: " + "; ".join(parts) + "."
    )
    gap = "graduate_gap_closed_per_year"
    base = ev.hiring["profession-first"]
    faster = _paired(base.values("internal-freelance", gap), base.values("traditional", gap), gap)
    said += (
        f" Internal freelance changes the share of their school-to-work gap graduates "
        f"close a year by {_v(faster, gap)} (profession-first hiring). That a degree is "
        "knowledge rather than skill is an assumption of the model "
        "(`Population.credential_practical_share`), not a finding."
    )
    lead_profession = _clear(edges["profession-first"])
    lead_skills = _clear(edges["skills-first"])
    if lead_profession > 0 and lead_skills <= 0:
        return (
            said + " A credential pays only where employers hire on credentials: whether "
            "to choose skills over a profession depends on how employers screen.",
            "depends",
        )
    if lead_profession > 0 and lead_skills > 0:
        return said + " Graduates lead under either way of hiring.", "not supported"
    return said, "not supported"


def _learning(ev: Evidence) -> tuple[str, str]:
    measure = "skill_gain_per_worker_year"
    gain = ev.diff("micro-jobs only", measure)
    breadth = ev.diff("micro-jobs only", "skill_breadth")
    level = float(np.mean(ev.comparison.values("traditional", measure)))
    said = (
        f"Micro-jobs alone change skill gain per worker-year by {_v(gain, measure)}, "
        f"against {level:.3f} a year under traditional employment "
        f"({gain.mean / level:+.0%}), and the number of skills held at 0.5 or more by "
        f"{_v(breadth, 'skill_breadth')}."
    )
    if _clear(gain) > 0 and gain.mean < 0.5 * level:
        return (
            said + " They add to learning, but most of what people learn they still "
            "learn in their roles: micro-jobs are one way skills are learned, not the way.",
            "partly",
        )
    if _clear(gain) > 0:
        return said + " Micro-jobs are the larger source of learning.", "supported"
    return said, "not supported"


def _hopping(ev: Evidence) -> tuple[str, str]:
    parts = []
    verdicts = []
    for arm in ("internal-freelance", "micro-jobs only"):
        hops = ev.diff(arm, "hop_rate_monthly")
        keep = ev.diff(arm, "retention_2y")
        parts.append(
            f"{ARM_NAMES[arm]}: job hops {_v(hops, 'hop_rate_monthly')} a month, two-year "
            "retention "
            f"{_v(keep, 'retention_2y')}"
        )
        verdicts.append((_clear(hops), _clear(keep)))
    said = "; ".join(parts) + " (differences from traditional employment)."
    full, alone = verdicts
    if full[0] < 0 and alone[0] < 0:
        return said, "supported"
    if full[1] > 0 or full[0] < 0:
        return (
            said + " The programme as a whole keeps people longer, but micro-jobs by "
            "themselves do not cut job hops; see decomposition.md for the levers.",
            "partly",
        )
    return said, "not supported"


def _mindset(ev: Evidence) -> tuple[str, str]:
    parts = []
    firsts = []
    for setting, result in ev.barriers:
        ranking = result.ranking()
        firsts.append(ranking[0][0])
        measure = "gig_participation_share"
        table = result.table([measure])
        cells = ", ".join(
            f"{name} {_v(table.get(f'{name}:one-at-a-time', measure), measure)}"
            for name, _ in ranking
        )
        parts.append(f"*{setting.name}*: {cells}")
    said = (
        "Participation change from removing each barrier alone, largest first: "
        + "; ".join(parts)
        + "."
    )
    if all(f == "mindset" for f in firsts):
        return said, "supported"
    if any(f == "mindset" for f in firsts):
        return said + " Which barrier binds depends on the setting.", "depends"
    return said, "not supported"


def _v(row: Any, measure: str) -> str:
    return gen_barriers.value(row, measure)


CLAIMS = (
    Claim(
        "Careers will be made of numerous micro-jobs for many clients rather than one boss.",
        "The `platform` preset (an open talent platform: 16% of entrants are members, "
        "projects from the companies and the outside market, a 10% take rate, ratings) "
        "under traditional employment, as it is, with eight times the demand for "
        "projects, and with that demand and freelancing valued (autonomy worth 0.5 log "
        "points, fees 30% above the market wage, newcomers expecting to be fully "
        "booked): time spent freelancing, careers made mostly of freelancing, clients, "
        "income volatility and time between engagements.",
        _platform,
    ),
    Claim(
        "People should choose skills to learn rather than a profession: a degree is "
        "knowledge, not a skill, and new graduates meet a gap between school and work.",
        "The `graduates` preset (38% of people hold a degree; employers screen external "
        "hires) with profession-first (`market.credential_weight` 1) and skills-first "
        "(0) hiring: how fast graduates and others find a first job, and how fast "
        "graduates close their school-to-work gap with and without micro-jobs.",
        _credentials,
    ),
    Claim(
        "Micro-jobs are how real-world skills are learned.",
        "Compare traditional employment with micro-jobs only (vacancies filled and "
        "layoffs handled as without a marketplace): skill gain and breadth.",
        _learning,
    ),
    Claim(
        "Internal freelancing keeps people from job-hopping.",
        "Compare traditional employment with full internal freelance and with "
        "micro-jobs only: job hops a month and two-year retention.",
        _hopping,
    ),
    Claim(
        "The biggest barrier to micro-jobs is mindset.",
        "Remove each barrier (mindset, managers, skills, tenure, interest) alone and in "
        "every combination; rank by the rise in participation "
        "([barriers.md](barriers.md)).",
        _mindset,
    ),
)


def run_experiments(replications: int, executor: Executor | None, store: str | None) -> Evidence:
    """The comparison and the barrier experiment (runs from ``store`` where it has them)."""
    comparison = mj.compare(
        mj.scenarios.baseline(),
        policies=ARMS,
        replications=replications,
        seed=SEED,
        executor=executor,
        store=store,
        progress="lines",
    )
    hiring = {}
    for name, weight in HIRING.items():
        graduates = mj.scenarios.graduates()
        graduates = attrs.evolve(
            graduates, market=attrs.evolve(graduates.market, credential_weight=weight)
        )
        hiring[name] = mj.compare(
            graduates,
            policies=["traditional", "internal-freelance"],
            replications=replications,
            seed=SEED,
            executor=executor,
            store=None if store is None else _suffixed(store, f"-{name}"),
            progress="lines",
        )
    barriers = gen_barriers.run_settings(replications, executor, store)
    platforms = {}
    for i, (name, changes) in enumerate(PLATFORMS.items()):
        preset = mj.scenarios.platform()
        platforms[name] = mj.compare(
            attrs.evolve(preset, platform=attrs.evolve(preset.platform, **changes)),
            policies=["traditional"],
            replications=replications,
            seed=SEED,
            executor=executor,
            store=None if store is None else _suffixed(store, f"-platform{i}"),
            progress="lines",
        )
    return Evidence(comparison, barriers, hiring, platforms)


def _suffixed(store: str, suffix: str) -> str:
    path = Path(store)
    return str(path.with_name(path.stem + suffix + path.suffix))


def render(ev: Evidence, replications: int) -> str:
    """The page."""
    lines = [
        "# The claims, tested",
        "",
        "<!-- Generated by docs/gen_claims.py; edit the script, not this page. -->",
        "",
        "microjob was built to examine an argument about the future of careers. Each claim",
        "of it is below with the experiment that tests it in the model and what the model",
        "says, with 95% intervals over replications. A verdict is the model's, under its",
        "documented assumptions ([model.md](model.md), [parameters.md](parameters.md)),",
        "not a finding about the world; where the model disagrees with a claim it says so.",
        "",
        f"Every experiment: the `baseline` preset unless the claim says otherwise, "
        f"{replications} replications from seed {SEED}, common random numbers; "
        "differences are paired, in percentage points where the measure is a share. "
        "Regenerate with `python docs/gen_claims.py`.",
        "",
        "| # | claim | verdict |",
        "| --- | --- | --- |",
    ]
    found = [claim.finding(ev) for claim in CLAIMS]
    for i, (claim, (_, verdict)) in enumerate(zip(CLAIMS, found, strict=True), start=1):
        lines.append(f"| {i} | {claim.statement} | **{verdict}** |")
    lines.append("")
    for i, (claim, (said, verdict)) in enumerate(zip(CLAIMS, found, strict=True), start=1):
        lines += [
            f"## {i}. {claim.statement}",
            "",
            f"**Experiment.** {claim.experiment}",
            "",
            f"**What the model says** ({verdict}). {said}",
            "",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    return experiment_page(PAGE, __doc__.splitlines()[0], run_experiments, render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
