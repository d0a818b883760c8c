"""Strategies for the parts of a scenario besides its companies: micro-job designs,
markets, learning, populations, mindsets and platforms."""

from __future__ import annotations

from hypothesis import strategies as st

from microjob.scenario import GigDesign, Learning, Market, Mindset, Platform, Population
from microjob.testing._basics import (
    _MIN_OUTSIDE_WORKERS,
    MAX_GIG_EFFORT,
    _check_count,
    _check_number,
    _unit,
)


def gig_designs(*, max_effort: float = MAX_GIG_EFFORT) -> st.SearchStrategy[GigDesign]:
    """A :class:`~microjob.GigDesign` whose micro-jobs take at most ``max_effort`` of a week.

    Durations (median 0.5-12 weeks), effort and required-level ranges and the
    other design parameters are drawn; ``effort_min_share`` is at least 0.01
    unless ``max_effort`` is smaller.
    """
    _check_number("max_effort", max_effort, 0.0, 1.0)

    @st.composite
    def draw_design(draw: st.DrawFn) -> GigDesign:
        lo_effort = draw(st.floats(min(0.01, max_effort), max_effort))
        hi_effort = draw(st.floats(lo_effort, min(max_effort, lo_effort + 0.3)))
        lo_level = draw(st.floats(0.0, 0.6))
        hi_level = draw(st.floats(lo_level, 0.9))
        return GigDesign(
            duration_median_weeks=draw(st.floats(0.5, 12.0)),
            duration_log_sd=draw(st.floats(0.0, 1.0)),
            effort_min_share=lo_effort,
            effort_max_share=hi_effort,
            required_level_min=lo_level,
            required_level_max=hi_level,
            rejection_quit_multiplier=draw(st.floats(1.0, 10.0)),
            rejection_effect_weeks=draw(st.floats(0.0, 104.0)),
            bad_experience_share=draw(_unit),
            second_skill_share=draw(_unit),
        )

    return draw_design()


def markets() -> st.SearchStrategy[Market]:
    """A :class:`~microjob.Market` with both parts of the layoff rate, offer rates,
    switching cost, wage growth, candidates per vacancy and the screening of external
    hires (bar and credential weight; no screening half the time) drawn (the rest at
    their defaults)."""
    return st.builds(
        Market,
        layoff_rate_monthly=st.floats(0.0, 0.05),
        layoff_new_hire_excess_monthly=st.floats(0.0, 0.05),
        offer_rate_per_year=st.floats(0.0, 3.0),
        unemployed_offer_rate_per_year=st.floats(0.0, 10.0),
        switching_cost=st.floats(0.0, 0.3),
        wage_growth_per_year=st.floats(-0.05, 0.1),
        candidates_per_vacancy=st.integers(1, 8),
        screening_bar=st.just(0.0) | _unit,
        credential_weight=_unit,
    )


def learning_params() -> st.SearchStrategy[Learning]:
    """A :class:`~microjob.Learning`: learning rate, forgetting half-life and floor drawn."""
    return st.builds(
        Learning,
        learning_rate_per_week=st.floats(1e-4, 0.2),
        forgetting_half_life_weeks=st.floats(4.0, 520.0),
        forgetting_floor_share=_unit,
    )


def populations(
    *, min_outside_workers: int = _MIN_OUTSIDE_WORKERS, max_outside_workers: int = 80
) -> st.SearchStrategy[Population]:
    """A :class:`~microjob.Population` of ``min_outside_workers`` to
    ``max_outside_workers`` outside workers, with the unemployed share (up to 20%),
    movers, openness to micro-jobs and credentials (none half the time) drawn (ages at
    their defaults)."""
    _check_count("min_outside_workers", min_outside_workers, 0)
    _check_count("max_outside_workers", max_outside_workers, min_outside_workers)
    return st.builds(
        Population,
        outside_workers=st.integers(min_outside_workers, max_outside_workers),
        unemployed_share=st.floats(0.0, 0.2),
        mover_share=_unit,
        openness_alpha=st.floats(0.5, 5.0),
        openness_beta=st.floats(0.5, 5.0),
        graduate_share=st.just(0.0) | _unit,
        credential_level=_unit,
        credential_practical_share=_unit,
    )


def mindsets() -> st.SearchStrategy[Mindset]:
    """A :class:`~microjob.Mindset`: how openness moves (experience, peers, managers),
    the interest reference and the openness floor drawn."""
    return st.builds(
        Mindset,
        experience_rate=_unit,
        peer_rate=_unit,
        interest_reference=st.floats(0.1, 10.0),
        manager_rate=_unit,
        openness_floor=st.just(0.0) | _unit,
    )


def platforms() -> st.SearchStrategy[Platform]:
    """A :class:`~microjob.Platform`: off half the time; otherwise demand, membership,
    reach, project sizes, capacities, fees, ratings and the value of autonomy drawn."""

    @st.composite
    def draw_platform(draw: st.DrawFn) -> Platform:
        if draw(st.booleans()):
            return Platform()
        low, high = sorted((draw(_unit), draw(_unit)))
        return Platform(
            projects_per_worker_year=draw(st.floats(0.01, 4.0)),
            member_share=draw(_unit),
            join_share=draw(_unit),
            reach=draw(st.integers(1, 10)),
            duration_median_weeks=draw(st.floats(0.5, 20.0)),
            duration_log_sd=draw(st.floats(0.0, 1.5)),
            effort_min_share=low,
            effort_max_share=high,
            side_capacity_share=draw(_unit),
            freelance_capacity_share=draw(st.floats(0.0, 2.0)),
            take_rate_share=draw(_unit),
            fee_premium_share=draw(st.floats(-0.5, 1.0)),
            reputation_weight=draw(_unit),
            rating_prior_good=draw(st.floats(0.1, 10.0)),
            rating_prior_bad=draw(st.floats(0.1, 10.0)),
            autonomy_value=draw(st.floats(-1.0, 1.0)),
            utilisation_memory_weeks=draw(st.floats(1.0, 104.0)),
            newcomer_utilisation_share=draw(_unit),
        )

    return draw_platform()
