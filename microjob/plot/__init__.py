"""Figures of retention: survival curves, hazard by tenure and exits by cause.

Each function draws one estimate from :mod:`microjob.survival` on a matplotlib
``Axes`` and returns it, so a figure can be composed, restyled or saved by
the caller. Pass ``ax=`` to draw into an existing axes; without it a new
figure is created with :mod:`matplotlib.pyplot`.

Estimates come in as a mapping from label to estimate (``{"Before":
curve_a, "After": curve_b}``), or as runs: a mapping from label to
:class:`~microjob.records.RunResult`, or a sequence of runs, each labelled by
the policy of its simulated companies ("Traditional employment", "Internal
freelance"). A run whose companies follow several policies (the ``mixed``
preset) gives one series per policy. Each policy keeps its colour in every
panel.

:func:`pooled_retention` draws retention over the replications of a
comparison (:func:`microjob.compare` with ``keep=("retention_curve",)``): each
arm's mean Kaplan-Meier curve with a band over replications.
:func:`decomposition` draws where a policy difference comes from: the
levers' Shapley values and one-at-a-time effects from
:func:`microjob.decompose`.

matplotlib is an optional dependency (``pip install 'microjob[plot]'``). It
is imported when a function is called, never when this module is imported.
"""

# One idea a module; this package re-exports its public names and the helpers that
# microjob.report, microjob.cli and the tests reach as microjob.plot._name:
#
# - labels: legend labels of policy kinds, causes of exit and events;
# - style: matplotlib on demand, colours, step functions, axes and whiskers;
# - inputs: runs and estimates turned into labelled series, and argument checks;
# - curves: retention curves, and retention_figure (curves, hazards and exits at once);
# - hazards: hazard by tenure band and exits by cause;
# - pooled: retention pooled over the replications of a comparison;
# - levers: the figure of a lever decomposition (decompose, barriers);
# - experiments: the report's figures of replications, paired differences and sweeps;
# - figures: the report's figures of retention, hazards, exits and skill breadth.
#
# Submodules import one another directly, never through this package, so the
# import graph stays acyclic.

from __future__ import annotations

# The public names, in the order the API reference lists them (it follows the source).
from microjob.plot.labels import POLICY_LABELS, CAUSE_LABELS  # isort: skip
from microjob.plot.curves import retention  # isort: skip
from microjob.plot.hazards import tenure_hazard, exit_incidence  # isort: skip
from microjob.plot.curves import retention_figure  # isort: skip
from microjob.plot.levers import decomposition  # isort: skip
from microjob.plot.pooled import pooled_retention  # isort: skip

# The helpers microjob.report, microjob.cli and the tests reach as microjob.plot._name.
from microjob.plot.experiments import _DifferencePoint as _DifferencePoint
from microjob.plot.experiments import _differences_figure as _differences_figure
from microjob.plot.experiments import _replications_figure as _replications_figure
from microjob.plot.experiments import _series_colours as _series_colours
from microjob.plot.experiments import _sweep_figure as _sweep_figure
from microjob.plot.figures import _REPORT_T_MAX_YEARS as _REPORT_T_MAX_YEARS
from microjob.plot.figures import _exits_figure as _exits_figure
from microjob.plot.figures import _hazard_figure as _hazard_figure
from microjob.plot.figures import _pooled_retention_figure as _pooled_retention_figure
from microjob.plot.figures import _retention_means_figure as _retention_means_figure
from microjob.plot.figures import _retention_median_figure as _retention_median_figure
from microjob.plot.figures import _skill_breadth_figure as _skill_breadth_figure
from microjob.plot.labels import _policy_label as _policy_label
from microjob.plot.levers import _decomposition_figure as _decomposition_figure
from microjob.plot.levers import _DecompositionPanel as _DecompositionPanel
from microjob.plot.pooled import _FAINT_MAX as _FAINT_MAX
from microjob.plot.pooled import _curve_kinds as _curve_kinds
from microjob.plot.pooled import _kind_styles as _kind_styles
from microjob.plot.style import _colours as _colours
from microjob.plot.style import _figure_class as _figure_class
from microjob.plot.style import _style as _style

__all__ = [
    "CAUSE_LABELS",
    "POLICY_LABELS",
    "decomposition",
    "exit_incidence",
    "pooled_retention",
    "retention",
    "retention_figure",
    "tenure_hazard",
]
