"""Empirical targets, the check of a scenario against them, and calibration.

The traditional baseline is held to published facts about the US labour
market (design section 6): cross-sectional tenure from the BLS Employee
Tenure release, monthly quit and layoff rates from JOLTS, and jobs held by
age from the NLSY79. Each :class:`Target` names the :class:`RunSummary`
measure it is compared with, and that measure is computed the way the source
defines its statistic (see :mod:`microjob.bls`: elapsed tenure of the
employed at one date, events per employee-month, jobs held per person in an
age band).

* :func:`validate` runs a scenario over replications (every simulated company
  under :class:`TraditionalEmployment` unless told otherwise) and returns a
  :class:`ValidationReport`: per target, the mean over replications with its
  t-based confidence interval, the target's band, and whether the mean lies
  inside the band.
* :func:`calibrate` searches named parameters within bounds for the point
  whose measures come closest to the targets (:func:`distance`), evaluating
  every candidate on the same replication seeds (common random numbers), so
  the search compares candidates, not luck. It uses SciPy's derivative-free
  optimisers (``pip install 'microjob[calibrate]'``).
* :func:`evaluate` and :func:`apply_parameters` are the pieces both use, for
  screening or sensitivity studies of one's own.

``PLAUSIBILITY`` holds figures that are reported beside the targets but never
used to pass or to tune anything (the LinkedIn retention of internal movers,
a check on the internal-freelance arm).

The package holds one idea per module: :mod:`~microjob.calibration.targets`
(the published figures, read from ``microjob/data/targets.toml``
by :func:`load_targets`), :mod:`~microjob.calibration.validation` (the check
and its report) with :mod:`~microjob.calibration.figures` (its figures),
:mod:`~microjob.calibration.parameters` (dotted parameter paths),
:mod:`~microjob.calibration.search` (the calibration search) and
:mod:`~microjob.calibration.screening` (the one-at-a-time sensitivity screen).
Everything public is importable from ``microjob.calibration`` itself.
"""

from microjob.calibration.parameters import apply_parameters
from microjob.calibration.screening import SensitivityResult, SensitivityRow, sensitivity
from microjob.calibration.search import (
    METHODS,
    CalibrationResult,
    Evaluation,
    calibrate,
    distance,
    evaluate,
)
from microjob.calibration.targets import (
    HELD_OUT,
    PLAUSIBILITY,
    STATIONARITY,
    TARGETS,
    Target,
    TargetSet,
    load_targets,
    parse_targets,
)
from microjob.calibration.validation import ValidationReport, ValidationRow, validate

__all__ = [
    "HELD_OUT",
    "METHODS",
    "PLAUSIBILITY",
    "STATIONARITY",
    "TARGETS",
    "CalibrationResult",
    "Evaluation",
    "SensitivityResult",
    "SensitivityRow",
    "Target",
    "TargetSet",
    "ValidationReport",
    "ValidationRow",
    "apply_parameters",
    "calibrate",
    "distance",
    "evaluate",
    "load_targets",
    "parse_targets",
    "sensitivity",
    "validate",
]
