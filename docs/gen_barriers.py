"""Generate docs/barriers.md: which barrier keeps people from micro-jobs, ranked.

``mj.barriers`` removes the barriers to micro-jobs alone and in every combination,
on common random numbers, in three settings of the ``baseline`` preset with
every company under internal freelance:

1. **As calibrated**: every default, so managers all release time; the barriers
   that stand are mindset, skills, tenure and interest (16 combinations).
2. **Talent-hoarding managers**: three managers in ten release time; mindset
   against managers (4 combinations).
3. **A sceptical workforce**: openness Beta(1, 9) (mean 0.1) instead of
   Beta(2, 3); mindset against skills (4 combinations).

::

    python docs/gen_barriers.py [--workers 2] [--replications 8] [--store FILE]

About twelve minutes on two cores (192 runs); with ``--store`` a second call (or
``docs/gen_claims.py`` with the same store) reuses every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path

import attrs
from _pagegen import experiment_page
from gen_decomposition import _value as value

import microjob as mj

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "barriers.md"
FIGURE = ROOT / "docs" / "img" / "barriers.png"
SEED = 1
MEASURES = ("gig_participation_share", "retention_2y", "quit_rate_monthly")


@attrs.frozen
class Setting:
    """One setting of the experiment."""

    name: str
    text: str
    scenario: mj.Scenario
    policy: mj.InternalFreelance
    removed: tuple[str, ...]


def settings() -> list[Setting]:
    """The three settings of the page, on the baseline preset."""
    base = mj.scenarios.baseline()
    sceptics = attrs.evolve(
        base, population=attrs.evolve(base.population, openness_alpha=1.0, openness_beta=9.0)
    )
    return [
        Setting(
            "as calibrated",
            "every default: every manager releases time, openness Beta(2, 3)",
            base,
            mj.InternalFreelance(),
            ("mindset", "skills", "tenure", "interest"),
        ),
        Setting(
            "talent-hoarding managers",
            "three managers in ten release their people's time (`manager_release_share` 0.3)",
            base,
            mj.InternalFreelance(manager_release_share=0.3),
            ("mindset", "manager"),
        ),
        Setting(
            "a sceptical workforce",
            "openness Beta(1, 9), mean 0.1, instead of Beta(2, 3), mean 0.4",
            sceptics,
            mj.InternalFreelance(),
            ("mindset", "skills"),
        ),
    ]


def run_settings(
    replications: int, executor: Executor | None, store: str | None
) -> list[tuple[Setting, mj.BarrierExperiment]]:
    """Every setting's experiment (runs from ``store`` where it has them)."""
    out = []
    for setting in settings():
        result = mj.barriers(
            setting.scenario,
            policy=setting.policy,
            removed=list(setting.removed),
            replications=replications,
            seed=SEED,
            executor=executor,
            store=None if store is None else _store_for(store, setting),
            progress="lines",
        )
        out.append((setting, result))
    return out


def _store_for(store: str, setting: Setting) -> str:
    """One store file per scenario (a store belongs to one scenario)."""
    suffix = "" if setting.scenario == mj.scenarios.baseline() else "-sceptics"
    path = Path(store)
    return str(path.with_name(path.stem + suffix + path.suffix))


def level(result: mj.BarrierExperiment, measure: str) -> str:
    """The measure with every barrier standing: mean over replications."""
    info = mj.RunSummary.info(measure)
    values = result.values((), measure)
    unit = "%" if info.percent else ""
    return f"{info.scale * float(values.mean()):.{info.decimals}f}{unit}"


def ranking_table(result: mj.BarrierExperiment) -> list[str]:
    """Markdown rows: each barrier removed alone, by its effect on participation."""
    table = result.table(list(MEASURES))
    labels = [mj.RunSummary.info(m).label for m in MEASURES]
    lines = [
        "| rank | barrier removed | " + " | ".join(labels) + " |",
        "| --- | --- |" + " --- |" * len(MEASURES),
    ]
    for rank, (name, _) in enumerate(result.ranking(), start=1):
        cells = [value(table.get(f"{name}:one-at-a-time", m), m) for m in MEASURES]
        lines.append(f"| {rank} | {name} | " + " | ".join(cells) + " |")
    cells = [value(table.get("total:total", m), m) for m in MEASURES]
    lines.append("| | **all of them** | " + " | ".join(cells) + " |")
    return lines


def shapley_table(result: mj.BarrierExperiment) -> list[str]:
    """Markdown rows: each barrier's Shapley value for participation and retention."""
    measures = MEASURES[:2]
    table = result.table(list(measures))
    labels = [mj.RunSummary.info(m).label for m in measures]
    lines = [
        "| barrier | " + " | ".join(f"Shapley value: {label}" for label in labels) + " |",
        "| --- |" + " --- |" * len(measures),
    ]
    for name in result.lever_names:
        cells = [value(table.get(f"{name}:shapley", m), m) for m in measures]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def section(setting: Setting, result: mj.BarrierExperiment) -> list[str]:
    """The page's section for one setting."""
    first = result.ranking()[0][0]
    standing = ", ".join(
        f"{name} ({mj.experiment.BARRIERS[name].strength(setting.scenario, setting.policy)})"
        for name in setting.removed
    )
    return [
        f"## {setting.name[0].upper()}{setting.name[1:]}",
        "",
        f"Setting: {setting.text}. Barriers removed: {standing}. With every barrier "
        f"standing, {level(result, 'gig_participation_share')} of the companies' "
        f"employees do a micro-job in the window; two-year retention is "
        f"{level(result, 'retention_2y')}.",
        "",
        *ranking_table(result),
        "",
        *shapley_table(result),
        "",
        f"Removing **{first}** alone raises participation most in this setting.",
        "",
    ]


def render(results: Sequence[tuple[Setting, mj.BarrierExperiment]], replications: int) -> str:
    """The page."""
    lines = [
        "# Which barrier keeps people from micro-jobs?",
        "",
        "<!-- Generated by docs/gen_barriers.py; edit the script, not this page. -->",
        "",
        "Advocates of internal marketplaces name mindset as the biggest barrier to micro-",
        "jobs. In microjob that is a result that can come out either way. A worker takes",
        "part in a micro-job only when each barrier lets them through: openness",
        "(**mindset**), a **manager** who releases their time, the **skills** a posting",
        "requires, the **tenure** of a probation period, and **interest** in what the",
        "posting team does ([model.md](model.md), §7.11–7.12). `mj.barriers` removes",
        "them alone and in every combination, on common random numbers, and reports",
        "each removal's effect with 95% intervals over replications; the Shapley values",
        "share out the effect of removing them all.",
        "",
        f"Every section below: the `baseline` preset, every company under internal "
        f"freelance, {replications} replications from seed {SEED}; differences in "
        "percentage points. Regenerate with `python docs/gen_barriers.py`.",
        "",
        "```python",
        "import microjob as mj",
        "",
        "result = mj.barriers(mj.scenarios.baseline(), policy=mj.InternalFreelance(),",
        f"                     replications={replications}, seed={SEED})",
        "result.ranking()            # barriers by how much removing each raises participation",
        "result.table()              # every measure, one at a time and Shapley, with CIs",
        "```",
        "",
        "or `microjob barriers baseline --replications 8`.",
        "",
    ]
    lines += [
        "![Barriers removed on the calibrated baseline](img/barriers.png)",
        "",
        "*Bars: each barrier's Shapley value; diamonds: its effect removed alone (one at a "
        "time); the open diamond: the interaction. The first setting below.*",
        "",
    ]
    for setting, result in results:
        lines += section(setting, result)
    lines += [
        "## Reading the results",
        "",
        "* **Participation is capped by the postings.** Each posting is staffed by one",
        "  worker, and at the defaults nearly every posting is filled. Removing a barrier",
        "  adds applicants, not postings: the matcher then picks the best fit from a",
        "  larger pool, and the same capable people can win more of the micro-jobs.",
        "  Removing a barrier can therefore leave participation where it was, or lower it.",
        "* **More applicants, more rejections.** Every applicant who is not picked is",
        "  turned down, and a turned-down applicant searches harder for a while (§7.11).",
        "  Removing a barrier raises quits through this channel even as it spreads",
        "  micro-jobs wider; the retention column shows which wins.",
        "* **Which barrier binds depends on the setting.** Where managers hoard their",
        "  people, releasing their time opens micro-jobs to many who could not take part;",
        "  where the workforce is sceptical, openness does. `tests/test_barriers.py`",
        "  checks that each can come first.",
        "* **What is assumed.** No published distribution of openness to internal",
        "  micro-jobs, share of managers who release time, or effect of manager support on",
        "  openness exists that we know of; these are parameters to sweep, not findings.",
        "",
    ]
    return "\n".join(lines)


def draw(results: Sequence[tuple[Setting, mj.BarrierExperiment]]) -> list[Path]:
    """The figure of the first setting: participation and retention, barrier by barrier."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    setting, result = results[0]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for ax, measure in zip(axes, ("gig_participation_share", "retention_2y"), strict=True):
        mj.plot.decomposition(result, measure, ax=ax)
    axes[1].get_legend().remove()  # one legend serves both panels
    fig.suptitle(
        f"Barriers removed, {setting.name}: baseline under internal freelance "
        f"({result.replications} replications, 95% CI)"
    )
    fig.savefig(FIGURE, dpi=150, metadata={"Software": None})
    plt.close(fig)
    return [FIGURE]


def main(argv: Sequence[str] | None = None) -> int:
    return experiment_page(PAGE, __doc__.splitlines()[0], run_settings, render, argv, figures=draw)


if __name__ == "__main__":
    raise SystemExit(main())
