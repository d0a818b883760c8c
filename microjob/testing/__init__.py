"""Hypothesis strategies for microjob scenarios and policies.

For property-testing code that embeds microjob: a report generator, a web form that
builds scenarios, a wrapper around :func:`microjob.simulate`. Each function here
returns a Hypothesis ``SearchStrategy``; every object it draws is valid (building it
raises nothing), and every scenario it draws is small enough that a run takes a small
fraction of a second once the engine is compiled::

    from hypothesis import given
    import microjob as mj
    from microjob import testing as mjst

    @given(mjst.scenarios(), mjst.policies(), mjst.seeds())
    def test_my_report(scenario, policy, seed):
        result = mj.simulate(scenario, seed=seed, policy=policy)
        my_report(result)  # must not raise, whatever the scenario

Hypothesis is not a dependency of microjob itself: install it with
``pip install 'microjob[testing]'``. ``import microjob`` never imports this module.

Micro-jobs and time shares. A policy that posts micro-jobs
(``gigs_per_employee_year > 0``) is valid in a scenario only if its ``time_share``
leaves room for them (see :class:`microjob.GigDesign`). The strategies keep every
micro-job within the time share: a policy drawn for a known
:class:`~microjob.GigDesign` (``gig_design=``) has ``time_share`` at least that
design's ``effort_max_share`` whenever micro-jobs are on, and a policy drawn without
one has ``time_share`` at least :data:`MAX_GIG_EFFORT`, the largest effort of any
micro-job design drawn here or used by the presets, so it fits every scenario these
strategies draw and every preset. A small time share comes with micro-jobs off.
"""

from __future__ import annotations

# The strategies live in private modules by what they draw (_basics: bounds, argument
# checks and seeds; _policies; _companies: catalogs and companies; _submodels; _scenarios:
# scenarios and arm names); this package is their public face. Hypothesis is checked for
# first, so that without it any import of microjob.testing says what to install.
try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "microjob.testing needs Hypothesis, which microjob does not install by itself; "
        "install it with: pip install 'microjob[testing]'"
    ) from exc

# isort: off
# The API reference (docs/api.md) lists the strategies in the order they are imported
# here: from the simplest to whole scenarios.
from microjob.testing._basics import MAX_GIG_EFFORT
from microjob.testing._basics import MAX_GIGS_PER_EMPLOYEE_YEAR
from microjob.testing._basics import MAX_MIN_TENURE_WEEKS
from microjob.testing._basics import seeds
from microjob.testing._policies import matchers
from microjob.testing._policies import traditional_employment
from microjob.testing._policies import internal_freelance
from microjob.testing._policies import policies
from microjob.testing._companies import skill_catalogs
from microjob.testing._companies import companies
from microjob.testing._submodels import gig_designs
from microjob.testing._submodels import markets
from microjob.testing._submodels import learning_params
from microjob.testing._submodels import populations
from microjob.testing._submodels import mindsets
from microjob.testing._submodels import platforms
from microjob.testing._scenarios import scenarios
from microjob.testing._scenarios import arm_names
# isort: on

__all__ = [
    "MAX_GIGS_PER_EMPLOYEE_YEAR",
    "MAX_GIG_EFFORT",
    "MAX_MIN_TENURE_WEEKS",
    "arm_names",
    "companies",
    "gig_designs",
    "internal_freelance",
    "learning_params",
    "markets",
    "matchers",
    "mindsets",
    "platforms",
    "policies",
    "populations",
    "scenarios",
    "seeds",
    "skill_catalogs",
    "traditional_employment",
]
