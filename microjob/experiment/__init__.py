"""Experiments: replications, paired policy comparisons and parameter sweeps.

One run is an anecdote. :func:`compare` runs every policy on the same
replication seeds (common random numbers) and reports means with t-based
confidence intervals and paired differences; :func:`sweep` does the same over
a full-factorial grid of parameter values. Both run on any
:class:`concurrent.futures.Executor` and can keep every finished run in a
SQLite store, so an interrupted experiment resumes where it stopped.

Seeds: replication ``r`` uses the ``r``-th child of ``SeedSequence(seed)``,
the same children ``SeedSequence(seed).spawn(replications)`` gives, for
every policy and every grid point. Tasks are keyed by what they compute
(scenario, policy, seed), never by the order in which they finish, so serial
and parallel runs give identical tables.

The package, one idea per module: ``seeds`` (replication seeds, fingerprints),
``tasks`` (the picklable task function, run records), ``store`` (the SQLite
result store), ``executors`` (running tasks serially or on an executor),
``tables`` (estimates, paired differences, tables), ``arms`` (the policies
compared), ``comparison`` (:func:`compare`), ``decompose`` (:func:`decompose`,
a policy difference attributed to its levers), ``barriers`` (:func:`barriers`,
the barriers to micro-jobs ranked by removing them), ``grid`` (dotted parameter
paths) and ``sweeps`` (:func:`sweep`). Everything is importable from here.
"""

from __future__ import annotations

# Re-exported beyond __all__ (as ``name as name``): POLICY_NAMES for the tests, and the
# seed type and grid helpers calibration uses.
from microjob.experiment.arms import POLICY_NAMES as POLICY_NAMES
from microjob.experiment.arms import arm_names, default_arms, resolve_arms
from microjob.experiment.barriers import BARRIERS, Barrier, BarrierExperiment, barriers
from microjob.experiment.comparison import Comparison, compare
from microjob.experiment.decompose import Attribution, Decomposition, decompose
from microjob.experiment.grid import _parse_path as _parse_path
from microjob.experiment.grid import _set as _set
from microjob.experiment.seeds import Seed as Seed
from microjob.experiment.seeds import _seed_text as _seed_text
from microjob.experiment.seeds import replication_seed, replication_seeds, scenario_hash
from microjob.experiment.store import ResultStore, StoreMismatchError
from microjob.experiment.sweeps import SweepResult, sweep
from microjob.experiment.tables import Difference, Estimate, Table
from microjob.experiment.tasks import RunRecord, run_task

__all__ = [
    "BARRIERS",
    "Attribution",
    "Barrier",
    "BarrierExperiment",
    "Comparison",
    "Decomposition",
    "Difference",
    "Estimate",
    "ResultStore",
    "RunRecord",
    "StoreMismatchError",
    "SweepResult",
    "Table",
    "arm_names",
    "barriers",
    "compare",
    "decompose",
    "default_arms",
    "replication_seed",
    "replication_seeds",
    "resolve_arms",
    "run_task",
    "scenario_hash",
    "sweep",
]
