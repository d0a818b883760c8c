"""Generate docs/claims.md: the claims microjob was built to examine, each with the
experiment that tests it and what the model says, with 95% intervals.

Experiments, all on the ``baseline`` preset with common random numbers:

* a comparison of traditional employment, micro-jobs only
  (``InternalFreelance.micro_jobs_only()``) and full internal freelance;
* the ``graduates`` preset with profession-first and skills-first hiring, each
  comparing traditional employment with internal freelance;
* the barrier experiment of docs/gen_barriers.py (its runs are reused through
  the same store).

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


@attrs.frozen
class Evidence:
    """What the experiments found, for the claims to read."""

    comparison: mj.Comparison
    barriers: list[tuple[gen_barriers.Setting, mj.BarrierExperiment]]
    hiring: dict[str, mj.Comparison]
    """The graduates preset under each way of hiring: traditional against internal freelance."""

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


def _not_yet(what: str) -> Callable[[Evidence], tuple[str, str]]:
    def finding(_: Evidence) -> tuple[str, str]:
        return f"Not yet testable: {what}", "open"

    return finding


CLAIMS = (
    Claim(
        "Careers will be made of numerous micro-jobs for many clients rather than one boss.",
        "An open talent platform: independent workers with several engagements at once.",
        _not_yet("the open talent platform is the next mechanism to be built."),
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
    return Evidence(comparison, barriers, hiring)


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
