"""Credentials and screening: graduates, the school-to-work gap, and hiring that screens
on credentials or on demonstrated skills."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest

import microjob as mj
from microjob.engine.core import run as reference_run
from microjob.engine.streams import root_seed

from .helpers import run_digest
from .reference_runs import ADDED_MEASURES


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=2.0, horizon_years=4.0)


def _with(scenario: mj.Scenario, *, population: dict | None = None, market: dict | None = None):
    return attrs.evolve(
        scenario,
        population=attrs.evolve(scenario.population, **(population or {})),
        market=attrs.evolve(scenario.market, **(market or {})),
    )


@pytest.fixture(scope="module")
def graduates(short: mj.Scenario) -> mj.RunResult:
    scenario = _with(short, population={"graduate_share": 0.4})
    return mj.simulate(scenario, seed=3, policy="internal-freelance")


def test_without_credentials_nothing_moves_and_the_new_measures_say_so(short: mj.Scenario) -> None:
    plain = mj.simulate(short, seed=2, policy="internal-freelance")
    # The credential weight is read only when employers screen: any value, same run.
    weighted = _with(short, market={"credential_weight": 1.0, "screening_bar": 0.0})
    same = mj.simulate(weighted, seed=2, policy="internal-freelance")
    assert run_digest(plain) == run_digest(same)
    summary = plain.summary()
    assert math.isnan(summary.graduate_hired_within_6m_share)
    assert math.isnan(summary.graduate_gap_closed_per_year)
    assert 0.0 < summary.nongraduate_hired_within_6m_share <= 1.0
    assert set(ADDED_MEASURES) <= set(mj.RunSummary.field_names())


def test_graduates_hold_a_credential_in_the_field_they_care_most_about(
    short: mj.Scenario, graduates: mj.RunResult
) -> None:
    w = graduates.stats.workers
    pop = short.population
    holds = w.credential_level > 0
    assert 0.3 < holds.mean() < 0.5
    assert np.all(w.credential_level[holds] == pop.credential_level)
    assert np.all(w.credential_field[~holds] == -1)
    families = short.catalog.families
    member = np.array([[s.family == f for s in short.catalog.skills] for f in families])
    for i in np.flatnonzero(holds)[:200]:
        field = w.credential_field[i]
        by_family = member.astype(float) @ w.interests[i]
        assert field == int(np.argmax(by_family))
        floor = pop.credential_level * pop.credential_practical_share
        assert w.field_skill_at_entry[i] >= floor - 1e-12
    assert np.all(w.field_skill_at_entry[~holds] == 0.0)


def test_graduates_close_part_of_their_gap_each_year(graduates: mj.RunResult) -> None:
    closed = graduates.summary().graduate_gap_closed_per_year
    assert 0.0 < closed < 1.0
    assert 0.0 <= graduates.summary().graduate_hired_within_6m_share <= 1.0


def _external_hires(result: mj.RunResult) -> np.ndarray:
    """Workers hired from outside into a simulated company during the window."""
    n_sim = len(result.scenario.companies)
    return np.array(
        [
            s.worker
            for s in result.spells
            if s.company < n_sim and not s.left_truncated and s.start >= result.window_start_weeks
        ]
    )


def _hires_screened(short: mj.Scenario, bar: float, weight: float) -> np.ndarray:
    """Whether each external hire holds a credential, 40% graduates, screened hiring."""
    scenario = _with(
        short,
        population={"graduate_share": 0.4},
        market={"screening_bar": bar, "credential_weight": weight},
    )
    result = mj.simulate(scenario, seed=5, policy="traditional")
    hires = _external_hires(result)
    assert hires.size > 10
    return result.stats.workers.credential_level[hires] > 0


def test_profession_first_screening_hires_only_graduates(short: mj.Scenario) -> None:
    assert np.all(_hires_screened(short, bar=0.3, weight=1.0))


def test_skills_first_screening_hires_people_without_degrees_too(short: mj.Scenario) -> None:
    assert np.mean(_hires_screened(short, bar=0.2, weight=0.0)) < 0.9


def test_screening_slows_hiring_of_those_who_do_not_pass(short: mj.Scenario) -> None:
    open_door = _with(short, population={"graduate_share": 0.4})
    screened = _with(open_door, market={"screening_bar": 0.3, "credential_weight": 1.0})
    a = mj.simulate(open_door, seed=6, policy="traditional").summary()
    b = mj.simulate(screened, seed=6, policy="traditional").summary()
    assert b.nongraduate_hired_within_6m_share < a.nongraduate_hired_within_6m_share


def test_the_graduates_preset_round_trips_and_runs(tmp_path) -> None:
    preset = mj.scenarios.graduates()
    assert "graduates" in mj.scenarios.names()
    assert preset.population.graduate_share == 0.38
    path = tmp_path / "g.toml"
    preset.to_toml(path)
    assert mj.Scenario.from_toml(path) == preset


def test_the_reference_engine_refuses_credentials(short: mj.Scenario) -> None:
    scenario = _with(short, population={"graduate_share": 0.2})
    with pytest.raises(NotImplementedError, match="graduate_share"):
        reference_run(scenario, root_seed(1), None, [])
