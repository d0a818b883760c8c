"""microjob: simulate careers made of micro-jobs.

Do internal freelance programmes (internal talent marketplaces, short internal
projects) make people job-hop less, stay longer and grow more skills than
traditional employment, and what do they cost? ``microjob`` answers with a
discrete-event simulation of whole careers::

    import microjob as mj
    s = mj.scenarios.baseline()
    trad = mj.simulate(s, seed=1, policy=mj.TraditionalEmployment())
    flex = mj.simulate(s, seed=1, policy=mj.InternalFreelance())
"""

from microjob import bls, calibration, experiment, measures, plot, report, survival
from microjob._fielddocs import install_field_docs as _install_field_docs
from microjob._toml import ScenarioFileError
from microjob._version import __version__
from microjob.experiment import (
    BarrierExperiment,
    Comparison,
    Decomposition,
    ResultStore,
    StoreMismatchError,
    SweepResult,
    barriers,
    compare,
    decompose,
    sweep,
)
from microjob.model import Company, MicroJob, Role, Skill, SkillCatalog, Worker
from microjob.policies import (
    BestFit,
    InternalFreelance,
    Matcher,
    MostInterested,
    Policy,
    RandomMatch,
    TraditionalEmployment,
)
from microjob.records import (
    EmploymentSpell,
    EngagementRecord,
    GigRecord,
    InternalMove,
    RunResult,
    RunSummary,
    SimEvent,
)
from microjob.scenario import (
    GigDesign,
    JobQuality,
    Learning,
    Market,
    Mindset,
    Platform,
    Population,
    Scenario,
    scenarios,
)
from microjob.simulate import EventCounter, Tracker, simulate
from microjob.survival import (
    CompetingRisks,
    CumulativeHazard,
    HazardTable,
    LogRankResult,
    SurvivalCurve,
    cumulative_incidence,
    hazard_by_band,
    kaplan_meier,
    logrank,
    nelson_aalen,
)

__all__ = [
    "BarrierExperiment",
    "BestFit",
    "Company",
    "Comparison",
    "CompetingRisks",
    "CumulativeHazard",
    "Decomposition",
    "EmploymentSpell",
    "EngagementRecord",
    "EventCounter",
    "GigDesign",
    "GigRecord",
    "HazardTable",
    "InternalFreelance",
    "InternalMove",
    "JobQuality",
    "Learning",
    "LogRankResult",
    "Market",
    "Matcher",
    "MicroJob",
    "Mindset",
    "MostInterested",
    "Platform",
    "Policy",
    "Population",
    "RandomMatch",
    "ResultStore",
    "Role",
    "RunResult",
    "RunSummary",
    "Scenario",
    "ScenarioFileError",
    "SimEvent",
    "Skill",
    "SkillCatalog",
    "StoreMismatchError",
    "SurvivalCurve",
    "SweepResult",
    "Tracker",
    "TraditionalEmployment",
    "Worker",
    "__version__",
    "barriers",
    "bls",
    "calibration",
    "compare",
    "cumulative_incidence",
    "decompose",
    "experiment",
    "hazard_by_band",
    "kaplan_meier",
    "logrank",
    "measures",
    "nelson_aalen",
    "plot",
    "report",
    "scenarios",
    "simulate",
    "survival",
    "sweep",
]

# help() on the public attrs classes lists every field with its meaning (microjob._fielddocs).
_install_field_docs()
