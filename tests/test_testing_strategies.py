"""microjob.testing: the public Hypothesis strategies draw valid, small scenarios and
policies that simulate, round-trip through scenario files and keep the run's invariants;
importing microjob does not import Hypothesis."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import microjob as mj
from microjob import testing as mjst
from microjob.policies import LEVERS, check_policy

EPS = 1e-9

SIMULATING = settings(max_examples=8, deadline=None)
"""Properties that simulate: a few examples each, to keep the file fast."""

PRESETS = [getattr(mj.scenarios, name)() for name in mj.scenarios.names()]


# ----------------------------------------------------------------- importing


def _run_python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.strip()


def test_importing_microjob_does_not_import_hypothesis() -> None:
    out = _run_python(
        "import sys, microjob\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.partition('.')[0] == 'hypothesis' or m == 'microjob.testing'))"
    )
    assert out == "[]"


def test_without_hypothesis_the_import_error_says_what_to_install() -> None:
    out = _run_python(
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if it were not installed\n"
        "import microjob\n"
        "try:\n"
        "    import microjob.testing\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    assert "pip install 'microjob[testing]'" in out


def test_the_public_names_exist_and_are_documented() -> None:
    for name in mjst.__all__:
        obj = getattr(mjst, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), name


# ------------------------------------------------------------------ policies


def _check_time_share(policy: mj.Policy, bound: float) -> None:
    if policy.gigs_per_employee_year > 0:
        assert policy.time_share >= bound, policy


@given(mjst.policies())
def test_drawn_policies_are_valid_everywhere_drawn_scenarios_or_presets_go(policy) -> None:
    assert isinstance(policy, mj.TraditionalEmployment | mj.InternalFreelance)
    check_policy(policy)
    _check_time_share(policy, mjst.MAX_GIG_EFFORT)
    assert policy.gigs_per_employee_year <= mjst.MAX_GIGS_PER_EMPLOYEE_YEAR
    assert policy.min_tenure_weeks <= mjst.MAX_MIN_TENURE_WEEKS
    for preset in PRESETS:
        assert all(c.policy == policy for c in preset.with_policy(policy).companies)


@pytest.mark.parametrize(
    ("kinds", "classes"),
    [
        (["traditional"], (mj.TraditionalEmployment,)),
        (["internal_freelance"], (mj.InternalFreelance,)),
        (("internal-freelance", "traditional"), (mj.InternalFreelance, mj.TraditionalEmployment)),
    ],
)
def test_kinds_restrict_the_policies(kinds, classes) -> None:
    @given(mjst.policies(kinds=kinds))
    def check(policy) -> None:
        assert type(policy) in classes

    check()


def test_policies_reject_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="unknown policy 'gig'"):
        mjst.policies(kinds=["gig"])
    with pytest.raises(InvalidArgument, match="kinds"):
        mjst.policies(kinds="traditional")
    with pytest.raises(InvalidArgument, match="kinds"):
        mjst.policies(kinds=[])


def test_every_lever_is_drawn_over_a_range() -> None:
    """No lever of InternalFreelance is stuck at one value."""
    seen: dict[str, set[object]] = defaultdict(set)

    @settings(max_examples=60)
    @given(mjst.internal_freelance())
    def collect(policy: mj.InternalFreelance) -> None:
        for name in LEVERS:
            seen[name].add(getattr(policy, name))

    collect()
    assert {name for name in LEVERS if len(seen[name]) < 2} == set()
    assert seen["redeployment"] == {True, False}
    assert {type(m) for m in seen["matcher"]} == {mj.BestFit, mj.MostInterested, mj.RandomMatch}


@given(
    mjst.internal_freelance(
        redeployment=False, matcher=mj.RandomMatch(), bonus_share=0.5, gigs_per_employee_year=3.0
    )
)
def test_keyword_arguments_fix_levers(policy: mj.InternalFreelance) -> None:
    assert policy.redeployment is False
    assert policy.matcher == mj.RandomMatch()
    assert policy.bonus_share == 0.5
    assert policy.gigs_per_employee_year == 3.0
    assert policy.time_share >= mjst.MAX_GIG_EFFORT


@given(mjst.internal_freelance(time_share=0.05))
def test_a_small_fixed_time_share_comes_with_micro_jobs_off(policy: mj.InternalFreelance) -> None:
    assert policy.time_share == 0.05
    assert policy.gigs_per_employee_year == 0.0


@given(mjst.internal_freelance(time_share=0.05, gigs_per_employee_year=2.0))
def test_a_fixed_pair_is_kept_without_a_design(policy: mj.InternalFreelance) -> None:
    assert (policy.time_share, policy.gigs_per_employee_year) == (0.05, 2.0)


def test_fixed_levers_are_checked_at_once() -> None:
    with pytest.raises(TypeError, match="unknown lever"):
        mjst.internal_freelance(gigs=2.0)
    with pytest.raises(TypeError, match="unknown lever"):
        mjst.internal_freelance(kind="gig")
    with pytest.raises(ValueError, match="time_share"):
        mjst.internal_freelance(time_share=1.5)
    design = mj.GigDesign(effort_min_share=0.1, effort_max_share=0.3)
    with pytest.raises(ValueError, match="time_share"):
        mjst.internal_freelance(gig_design=design, time_share=0.2, gigs_per_employee_year=1.0)
    with pytest.raises(InvalidArgument, match="max_gigs_per_employee_year"):
        mjst.internal_freelance(max_gigs_per_employee_year=60.0)


@given(st.data(), mjst.gig_designs())
def test_policies_drawn_for_a_design_fit_it(data: st.DataObject, design: mj.GigDesign) -> None:
    assert design.effort_max_share <= mjst.MAX_GIG_EFFORT
    policy = data.draw(mjst.policies(gig_design=design, max_gigs_per_employee_year=52.0))
    _check_time_share(policy, design.effort_max_share)
    assert policy.gigs_per_employee_year <= 52.0


@given(mjst.matchers())
def test_matchers_are_matchers(matcher) -> None:
    assert isinstance(matcher, mj.Matcher)


@given(mjst.seeds(max_value=1000))
def test_seeds_are_valid(seed: int) -> None:
    assert 0 <= seed <= 1000


# ---------------------------------------------------------- catalogs, companies


@given(mjst.skill_catalogs(min_skills=2, max_skills=5))
def test_drawn_catalogs_are_valid(catalog: mj.SkillCatalog) -> None:
    assert 2 <= len(catalog) <= 5
    assert mj.SkillCatalog(catalog.skills, catalog.similarity) == catalog


@given(st.data(), mjst.skill_catalogs())
def test_drawn_companies_use_their_catalog(data: st.DataObject, catalog: mj.SkillCatalog) -> None:
    company = data.draw(
        mjst.companies(catalog=catalog, name="acme", max_positions=12, policy=mjst.policies())
    )
    assert company.name == "acme" and not company.outside_market
    assert 1 <= company.headcount <= 12
    assert {s for role in company.roles for s in role.skills} <= set(catalog.names)


# ------------------------------------------------------------------ scenarios


@given(mjst.scenarios(max_companies=2, max_workers=60, max_years=3.0), mjst.policies())
def test_drawn_scenarios_are_valid_and_within_bounds(s: mj.Scenario, policy) -> None:
    assert 1 <= len(s.companies) <= 2
    assert sum(c.headcount for c in s.companies) + s.population.outside_workers <= 60
    assert s.warmup_years + s.horizon_years <= 3.0 + EPS
    assert s.gigs.effort_max_share <= mjst.MAX_GIG_EFFORT
    for c in s.companies:
        _check_time_share(c.policy, s.gigs.effort_max_share)
    # Any policy drawn on its own fits the scenario, as simulate(policy=...) needs.
    assert all(c.policy == policy for c in s.with_policy(policy).companies)


@given(mjst.scenarios())
def test_drawn_scenarios_round_trip_through_toml(s: mj.Scenario) -> None:
    assert mj.Scenario.from_toml_string(s.to_toml_string()) == s


@given(
    mjst.scenarios(
        company_policies=st.builds(
            mj.InternalFreelance,
            time_share=st.floats(0.0, 1.0),
            gigs_per_employee_year=st.floats(0.1, 6.0),
        ),
        warmup_years=0.0,
    )
)
def test_the_design_is_fitted_to_policies_you_pass(s: mj.Scenario) -> None:
    smallest = min(c.policy.time_share for c in s.companies)
    assert s.gigs.effort_max_share <= min(smallest, mjst.MAX_GIG_EFFORT)
    assert s.warmup_years == 0.0


def test_scenario_arguments_are_checked() -> None:
    with pytest.raises(InvalidArgument, match="max_companies"):
        mjst.scenarios(max_companies=0)
    with pytest.raises(InvalidArgument, match="max_workers"):
        mjst.scenarios(max_companies=3, max_workers=12)
    with pytest.raises(InvalidArgument, match="max_years"):
        mjst.scenarios(max_years=0.0)
    with pytest.raises(InvalidArgument, match="warmup_years"):
        mjst.scenarios(max_years=2.0, warmup_years=2.0)


# ------------------------------------------------------------------ simulating


def _check_run(r: mj.RunResult, scenario: mj.Scenario) -> None:
    """Invariants of any run: well-formed spells, one employer at a time, micro-jobs
    within the design and the policy, shares in [0, 1]."""
    assert r.window_start_weeks == pytest.approx(scenario.warmup_weeks)
    assert r.window_end_weeks == pytest.approx(scenario.end_weeks)
    by_worker: dict[int, list[mj.EmploymentSpell]] = defaultdict(list)
    for s in r.spells:
        assert s.start <= s.end <= r.window_end_weeks, s
        assert s.end >= r.window_start_weeks - EPS, s
        assert s.censored == (s.end == r.window_end_weeks), s
        assert s.left_truncated == (s.start < r.window_start_weeks), s
        by_worker[s.worker].append(s)
    for w, spells in by_worker.items():
        spells.sort(key=lambda s: (s.start, s.end))
        assert sum(s.censored for s in spells) <= 1, f"worker {w} has two open spells"
        for prev, nxt in itertools.pairwise(spells):
            assert nxt.start >= prev.end, f"worker {w}: {prev} overlaps {nxt}"
    companies = (*r.scenario.companies, r.scenario.outside)
    design = scenario.gigs
    for g in r.gigs:
        policy = companies[g.company].policy
        assert g.company < len(scenario.companies), "the outside market posts no micro-jobs"
        assert policy.gigs_per_employee_year > 0
        assert design.effort_min_share - EPS <= g.effort <= design.effort_max_share + EPS
        assert g.effort <= policy.time_share + EPS
        assert r.window_start_weeks <= g.start <= g.end <= r.window_end_weeks
        assert any(
            s.company == g.company and s.start <= g.start and g.end <= s.end
            for s in by_worker[g.worker]
        ), f"micro-job {g.job}: its worker is not employed by {g.company}"
    summary = r.summary().as_dict()
    for name in ("quit_rate_monthly", "layoff_rate_monthly", "gig_participation_share"):
        assert math.isnan(summary[name]) or 0.0 <= summary[name] <= 1.0, name


@SIMULATING
@given(mjst.scenarios(), mjst.seeds())
def test_drawn_scenarios_simulate_and_keep_the_invariants(s: mj.Scenario, seed: int) -> None:
    r = mj.simulate(s, seed=seed)
    assert r.policy is None and r.scenario == s
    _check_run(r, s)


@SIMULATING
@given(mjst.scenarios(max_companies=2), mjst.policies(), mjst.seeds())
def test_a_drawn_policy_overrides_a_drawn_scenario(s: mj.Scenario, policy, seed: int) -> None:
    r = mj.simulate(s, seed=seed, policy=policy)
    assert all(c.policy == policy for c in r.scenario.companies)
    _check_run(r, s.with_policy(policy))
    again = mj.simulate(s, seed=seed, policy=policy)
    assert (again.spells, again.gigs, again.moves) == (r.spells, r.gigs, r.moves)


@SIMULATING
@given(
    mjst.scenarios(
        company_policies=mjst.internal_freelance(
            gigs_per_employee_year=6.0, min_tenure_weeks=0.0, time_share=1.0
        ),
        catalogs=st.just(mj.SkillCatalog.default()),
    ),
    mjst.seeds(),
)
def test_micro_jobs_happen_and_keep_the_invariants(s: mj.Scenario, seed: int) -> None:
    r = mj.simulate(s, seed=seed)
    _check_run(r, s)


@given(mjst.scenarios(max_companies=2, max_workers=60, max_years=2.0, max_arms=3))
def test_drawn_arms_are_valid_and_survive_a_scenario_file(scenario: mj.Scenario) -> None:
    assert len(scenario.arms) <= 3
    assert mj.Scenario.from_toml_string(scenario.to_toml_string()) == scenario
    for name in scenario.arms:
        assert mj.experiment.resolve_arms(scenario, [name]) == {name: scenario.arms[name]}
