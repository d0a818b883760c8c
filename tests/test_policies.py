"""Policies and matchers: defaults, validation, the Policy protocol and its levers,
the kind registry and its aliases, and how matchers choose."""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob import _toml, cli, experiment, plot, policies

from .helpers import TrackedRun, record_differences
from .strategies import bad_counts, bad_numbers, internal_freelance, not_a_number, traditional

UNIT_FIELDS = {
    mj.TraditionalEmployment: ("internal_fill_share", "market_matching_share"),
    mj.InternalFreelance: (
        "internal_fill_share",
        "market_matching_share",
        "time_share",
        "stretch_margin",
        "manager_release_share",
        "redeployment_share",
        "redeployment_min_fit",
    ),
}
"""Fields that are shares in [0, 1]."""

RANGED_FIELDS = {
    (mj.TraditionalEmployment, "annual_raise_share"): (0.0, 0.5),
    (mj.InternalFreelance, "annual_raise_share"): (0.0, 0.5),
    (mj.InternalFreelance, "gigs_per_employee_year"): (0.0, 52.0),
    (mj.InternalFreelance, "bonus_share"): (0.0, 1.0),
}
"""Numeric fields with a documented closed range."""

POLICY_CLASSES = (mj.TraditionalEmployment, mj.InternalFreelance)

unit_field_cases = st.sampled_from(
    [(cls, name) for cls, names in UNIT_FIELDS.items() for name in names]
)


def test_traditional_defaults_and_derived_fields() -> None:
    p = mj.TraditionalEmployment()
    assert p.kind == "traditional"
    assert p.gigs_per_employee_year == 0.0
    assert p.redeployment is False
    assert 0.0 < p.internal_fill_share < 0.5
    assert p.internal_candidates_seen > 0


def test_internal_freelance_defaults_follow_design() -> None:
    p = mj.InternalFreelance()
    assert p.kind == "internal-freelance"
    assert p.time_share == pytest.approx(0.2)
    assert 1.0 <= p.gigs_per_employee_year <= 3.0
    assert 0.01 <= p.bonus_share <= 0.02
    assert p.redeployment is True
    assert p.internal_candidates_seen == 0
    assert isinstance(p.matcher, mj.BestFit)
    assert p.internal_fill_share > mj.TraditionalEmployment().internal_fill_share


@pytest.mark.parametrize("cls", POLICY_CLASSES)
def test_kind_is_not_an_argument(cls: type) -> None:
    with pytest.raises(TypeError):
        cls(kind="other")


def test_time_share_message_names_field_and_value() -> None:
    with pytest.raises(ValueError, match=r"time_share.*1\.5"):
        mj.InternalFreelance(time_share=1.5)


@given(unit_field_cases, bad_numbers)
def test_shares_outside_unit_interval_are_rejected(case, value: float) -> None:
    cls, name = case
    with pytest.raises(ValueError) as info:
        cls(**{name: value})
    message = str(info.value)
    assert name in message
    if not math.isnan(value):
        assert repr(value) in message


@given(unit_field_cases, not_a_number)
def test_non_numbers_are_rejected_with_type_error(case, value: object) -> None:
    cls, name = case
    with pytest.raises(TypeError, match=re.escape(name)):
        cls(**{name: value})


@given(st.sampled_from(sorted(RANGED_FIELDS, key=repr)), st.data())
def test_ranged_fields(case, data: st.DataObject) -> None:
    cls, name = case
    lo, hi = RANGED_FIELDS[case]
    good = data.draw(st.floats(lo, hi), label="good")
    assert getattr(cls(**{name: good}), name) == good
    bad = data.draw(
        st.one_of(
            st.floats(max_value=lo, exclude_max=True), st.floats(min_value=hi, exclude_min=True)
        ),
        label="bad",
    )
    with pytest.raises(ValueError) as info:
        cls(**{name: bad})
    assert name in str(info.value) and repr(bad) in str(info.value)


@pytest.mark.parametrize("cls", POLICY_CLASSES)
@given(value=bad_counts)
def test_internal_candidates_seen_must_be_a_count(cls: type, value: object) -> None:
    exc = ValueError if isinstance(value, int) and not isinstance(value, bool) else TypeError
    with pytest.raises(exc) as info:
        cls(internal_candidates_seen=value)
    assert "internal_candidates_seen" in str(info.value)
    assert repr(value) in str(info.value)


@given(st.floats(max_value=0.0, exclude_max=True) | st.just(math.inf) | st.just(math.nan))
def test_min_tenure_must_be_finite_and_non_negative(value: float) -> None:
    with pytest.raises(ValueError, match="min_tenure_weeks"):
        mj.InternalFreelance(min_tenure_weeks=value)


@pytest.mark.parametrize("value", [1, 0, "yes", None, 1.0])
def test_redeployment_must_be_a_bool(value: object) -> None:
    with pytest.raises(TypeError, match=rf"redeployment.*{re.escape(repr(value))}"):
        mj.InternalFreelance(redeployment=value)


def test_matcher_must_have_choose() -> None:
    with pytest.raises(TypeError, match="matcher"):
        mj.InternalFreelance(matcher="best_fit")  # type: ignore[arg-type]

    class FirstApplicant:
        def choose(self, fit, interest, rng) -> int:
            return 0

    assert isinstance(mj.InternalFreelance(matcher=FirstApplicant()).matcher, FirstApplicant)


@given(traditional, internal_freelance)
def test_policies_are_frozen_and_hashable(trad, flex) -> None:
    for p in (trad, flex):
        assert p == attrs.evolve(p)
        assert hash(p) == hash(attrs.evolve(p))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            p.internal_fill_share = 0.1  # type: ignore[misc]
    assert trad != flex


@given(traditional)
def test_traditional_exposes_no_marketplace(p: mj.TraditionalEmployment) -> None:
    assert p.gigs_per_employee_year == 0.0
    assert p.redeployment is False
    assert p.redeployment_share == 0.0 and p.time_share == 0.0 and p.bonus_share == 0.0


# ----------------------------------------------------------------- matchers

scores = st.lists(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0.0, 1.0), min_size=1, max_size=12
).map(np.array)


@given(scores, scores, st.integers(0, 2**32 - 1))
def test_best_fit_and_most_interested_pick_a_maximum(fit, interest, seed: int) -> None:
    n = min(len(fit), len(interest))
    fit, interest = fit[:n], interest[:n]
    rng = np.random.default_rng(seed)
    i = mj.BestFit().choose(fit, interest, rng)
    assert 0 <= i < n and fit[i] == fit.max()
    j = mj.MostInterested().choose(fit, interest, rng)
    assert 0 <= j < n and interest[j] == interest.max()
    k = mj.RandomMatch().choose(fit, interest, rng)
    assert 0 <= k < n
    for idx in (i, j, k):
        assert isinstance(idx, int)


@pytest.mark.parametrize("matcher", [mj.BestFit(), mj.MostInterested()])
def test_ties_are_broken_at_random(matcher: mj.Matcher) -> None:
    score = np.array([0.2, 0.9, 0.1, 0.9, 0.9])
    rng = np.random.default_rng(7)
    picks = {matcher.choose(score, score, rng) for _ in range(200)}
    assert picks == {1, 3, 4}


def test_random_match_reaches_every_applicant() -> None:
    rng = np.random.default_rng(3)
    fit = np.array([1.0, 0.0, 0.0, 0.0])
    counts = np.bincount([mj.RandomMatch().choose(fit, fit, rng) for _ in range(4000)], minlength=4)
    assert (counts > 800).all(), counts


@pytest.mark.parametrize("matcher", [mj.BestFit(), mj.MostInterested(), mj.RandomMatch()])
def test_matchers_use_only_the_given_rng(matcher: mj.Matcher) -> None:
    score = np.array([0.5, 0.5, 0.5, 0.1])
    a = [matcher.choose(score, score, np.random.default_rng(11)) for _ in range(20)]
    b = [matcher.choose(score, score, np.random.default_rng(11)) for _ in range(20)]
    assert a == b
    assert isinstance(matcher, mj.Matcher)


# ----------------------------------------------------------------- the Policy protocol


@dataclasses.dataclass(frozen=True)
class HouseRules:
    """A user's own policy: a plain dataclass, no subclass of anything in microjob.

    Its defaults are those of ``InternalFreelance``, so the two must run alike.
    """

    kind: str = "house-rules"
    internal_fill_share: float = 0.5
    internal_candidates_seen: int = 0
    annual_raise_share: float = 0.03
    market_matching_share: float = 0.3
    gigs_per_employee_year: float = 2.0
    time_share: float = 0.2
    min_tenure_weeks: float = 26.0
    bonus_share: float = 0.015
    stretch_margin: float = 0.15
    matcher: mj.Matcher = dataclasses.field(default_factory=mj.BestFit)
    manager_release_share: float = 1.0
    redeployment: bool = True
    redeployment_share: float = 0.5
    redeployment_min_fit: float = 0.4


def test_every_built_in_policy_has_every_lever() -> None:
    for policy in (mj.TraditionalEmployment(), mj.InternalFreelance(), HouseRules()):
        assert isinstance(policy, mj.Policy)
        assert set(policies.levers(policy)) == set(policies.LEVERS)
    assert not isinstance(object(), mj.Policy)


def test_the_levers_are_the_protocol_members() -> None:
    members = {name for name, _ in inspect.getmembers(mj.Policy) if not name.startswith("_")}
    assert members == {"kind", *policies.LEVERS}


def test_house_rules_has_the_defaults_of_internal_freelance() -> None:
    assert policies.levers(HouseRules()) == policies.levers(mj.InternalFreelance())


def test_traditional_fixed_levers_are_not_parameters() -> None:
    """They are class attributes: not arguments, not fields, so files and reprs do not change."""
    trad = mj.TraditionalEmployment()
    init_fields = [f.name for f in attrs.fields(mj.TraditionalEmployment) if f.init]
    assert init_fields == [
        "internal_fill_share",
        "internal_candidates_seen",
        "annual_raise_share",
        "market_matching_share",
    ]
    assert "gigs_per_employee_year" not in repr(trad)
    for name in set(policies.LEVERS) - set(init_fields):
        with pytest.raises(TypeError):
            mj.TraditionalEmployment(**{name: getattr(trad, name)})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trad.redeployment = True  # type: ignore[misc]


def test_traditional_written_to_toml_has_only_its_parameters() -> None:
    text = mj.scenarios.small().to_toml_string()
    table = text.split("[companies.policy]")[1].split("\n\n")[0]
    keys = [line.split(" = ")[0] for line in table.strip().splitlines()]
    assert keys == [
        "kind",
        "internal_fill_share",
        "internal_candidates_seen",
        "annual_raise_share",
        "market_matching_share",
    ]


def test_from_levers_copies_every_lever() -> None:
    trad = mj.TraditionalEmployment(internal_fill_share=0.2, annual_raise_share=0.04)
    flex = mj.InternalFreelance.from_levers(trad)
    assert policies.levers(flex) == policies.levers(trad)
    assert mj.InternalFreelance.from_levers(trad, redeployment=True).redeployment is True


def test_named_variants_switch_the_levers_they_name() -> None:
    trad, flex = mj.TraditionalEmployment(), mj.InternalFreelance()
    micro = mj.InternalFreelance.micro_jobs_only()
    assert micro.gigs_per_employee_year == flex.gigs_per_employee_year
    assert micro.redeployment is False
    assert (micro.internal_fill_share, micro.internal_candidates_seen) == (
        trad.internal_fill_share,
        trad.internal_candidates_seen,
    )
    redeploy = mj.InternalFreelance.redeployment_only(redeployment_min_fit=0.6)
    assert redeploy.gigs_per_employee_year == 0.0
    assert redeploy.redeployment is True and redeploy.redeployment_min_fit == 0.6
    assert redeploy.internal_fill_share == trad.internal_fill_share


def test_a_company_takes_a_policy_of_any_class_with_the_levers() -> None:
    role = mj.Role("analyst", {"statistics": 1.0}, 4)
    assert mj.Company("Acme", HouseRules(), [role]).policy == HouseRules()
    with pytest.raises(TypeError, match=r"policy: .*lever \(missing kind, internal_fill_share"):
        mj.Company("Acme", object(), [role])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"policy\.time_share: must be between 0 and 1, got 2"):
        mj.Company("Acme", HouseRules(time_share=2), [role])
    with pytest.raises(TypeError, match=r"policy\.redeployment: must be true or false"):
        mj.Company("Acme", HouseRules(redeployment=1), [role])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"policy\.kind: must be a non-empty string"):
        mj.Company("Acme", HouseRules(kind=""), [role])


# ----------------------------------------------------------------- levers, one at a time
# Runs of the small preset (seed 1) under policies that differ from the built-in ones
# in one lever. Each lever must change what it names and nothing it does not.


def _run(policy: object, seed: int = 1) -> mj.RunResult:
    return _RUNS.setdefault(
        (policy, seed), mj.simulate(mj.scenarios.small(), seed=seed, policy=policy)
    )


_RUNS: dict[tuple[object, int], mj.RunResult] = {}


def _differences(a: mj.RunResult, b: mj.RunResult) -> list[str]:
    """How two runs differ: records, company totals, summary and final workers."""
    out = record_differences(a, b)
    if repr(a.workers) != repr(b.workers):
        out.append("final workers differ")
    return out


def _vias(run: mj.RunResult) -> set[str]:
    return {m.via for m in run.moves}


def test_every_lever_at_its_traditional_value_is_the_traditional_run(
    small_traditional: TrackedRun,
) -> None:
    policy = mj.InternalFreelance.from_levers(mj.TraditionalEmployment())
    assert _differences(_run(policy), small_traditional.result) == []


def test_micro_jobs_off_gives_no_gigs_and_keeps_the_other_levers(
    small_freelance: TrackedRun,
) -> None:
    run = _run(mj.InternalFreelance(gigs_per_employee_year=0.0))
    assert run.gigs == ()
    assert run.summary().gig_participation_share == 0.0
    assert _vias(run) == {"vacancy", "redeployment"}
    assert small_freelance.result.gigs != ()
    # With every other lever traditional, turning micro-jobs off leaves the traditional run.
    trad = mj.InternalFreelance.from_levers(mj.TraditionalEmployment())
    off = mj.InternalFreelance.micro_jobs_only(gigs_per_employee_year=0.0)
    assert _differences(_run(off), _run(trad)) == []


def test_redeployment_off_gives_no_redeployments_and_keeps_micro_jobs(
    small_freelance: TrackedRun,
) -> None:
    assert "redeployment" in _vias(small_freelance.result)
    run = _run(mj.InternalFreelance(redeployment=False))
    assert "redeployment" not in _vias(run)
    assert run.summary().redeployments_per_employee_year == 0.0
    assert run.gigs != () and "vacancy" in _vias(run)


def test_no_internal_fills_gives_no_vacancy_moves_and_keeps_the_rest() -> None:
    run = _run(mj.InternalFreelance(internal_fill_share=0.0))
    assert "vacancy" not in _vias(run)
    assert "redeployment" in _vias(run)
    assert run.gigs != ()


def test_micro_jobs_only_and_redeployment_only() -> None:
    micro = _run(mj.InternalFreelance.micro_jobs_only())
    assert micro.gigs != () and "redeployment" not in _vias(micro)
    redeploy = _run(mj.InternalFreelance.redeployment_only())
    assert redeploy.gigs == () and "redeployment" in _vias(redeploy)


def test_the_levers_read_are_the_only_thing_that_matters(small_freelance: TrackedRun) -> None:
    """A user's policy class with InternalFreelance's levers runs exactly like it."""
    assert _differences(_run(HouseRules()), small_freelance.result) == []
    scenario = mj.scenarios.small().with_policy(HouseRules())
    assert _differences(mj.simulate(scenario, seed=1), small_freelance.result) == []


def test_a_users_policy_runs_through_compare_and_sweep() -> None:
    """A user's policy class goes through compare and sweep like the built-in one."""
    tiny = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    c = mj.compare(tiny, [HouseRules(), mj.InternalFreelance()], replications=2, seed=4)
    assert c.policies == ("house-rules", "internal-freelance")
    for measure in ("quit_rate_monthly", "gig_participation_share"):
        assert (
            c.values("house-rules", measure).tolist()
            == c.values("internal-freelance", measure).tolist()
        )
    s = mj.sweep(tiny, {"policy": [HouseRules()]}, replications=1, seed=4)
    assert s.runs[0].policy == "house-rules"
    assert repr(s.runs[0].summary) == repr(c.runs[0].summary)  # NaN == NaN in repr


# ----------------------------------------------------------------- the registry and aliases


def test_the_registry_is_the_single_source() -> None:
    kinds = [entry.kind for entry in policies.POLICY_KINDS]
    assert kinds == ["traditional", "internal-freelance"]
    assert tuple(kinds) == cli.POLICY_CHOICES
    assert {e.kind: e.label for e in policies.POLICY_KINDS} == plot.POLICY_LABELS
    assert tuple(e.policy_class for e in policies.POLICY_KINDS) == _toml._POLICIES
    assert [_toml._kind_of(e.policy_class) for e in policies.POLICY_KINDS] == kinds
    assert set(experiment.POLICY_NAMES) == {n for e in policies.POLICY_KINDS for n in e.names}
    for entry in policies.POLICY_KINDS:
        assert entry.policy_class().kind == entry.kind
        assert experiment.POLICY_NAMES[entry.kind] is entry.policy_class


def test_one_spelling_and_its_alias() -> None:
    assert policies.policy_kind("internal_freelance").kind == "internal-freelance"
    assert policies.policy_kind("internal-freelance").policy_class is mj.InternalFreelance
    assert policies.policy_label("internal_freelance") == "Internal freelance"
    assert policies.policy_label("house-rules") == "House rules"
    with pytest.raises(ValueError, match="unknown policy 'gig'; choose from 'traditional'"):
        policies.policy_kind("gig")


def test_the_alias_works_in_the_api() -> None:
    tiny = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    c = mj.compare(tiny, ["traditional", "internal_freelance"], replications=2, seed=2)
    assert c.policies == ("traditional", "internal-freelance")
    assert (
        c.values("internal_freelance", "quit_rate_monthly").tolist()
        == c.values("internal-freelance", "quit_rate_monthly").tolist()
    )
    assert c.table().get("internal_freelance", "quit_rate_monthly") is not None
    assert c.differences(baseline="traditional").get("internal_freelance", "quit_rate_monthly")
    s = mj.sweep(tiny, {"policy": ["internal_freelance"]}, replications=1, seed=2)
    assert s.runs[0].policy == "internal-freelance"
    assert repr(s.runs[0].summary) == repr(c.runs[2].summary)  # NaN == NaN in repr
    grid = {"companies[*].policy": ["internal_freelance"]}
    point = mj.sweep(tiny, grid, replications=1, seed=2).points[0]
    assert point == {"companies[*].policy": "internal_freelance"}


def test_the_alias_works_in_scenario_files() -> None:
    text = mj.scenarios.mixed().to_toml_string()
    assert 'kind = "internal-freelance"' in text and "internal_freelance" not in text
    old = text.replace('kind = "internal-freelance"', 'kind = "internal_freelance"')
    assert mj.Scenario.from_toml_string(old) == mj.scenarios.mixed()


def test_the_alias_works_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from microjob.cli.common import _arms

    scenario = mj.scenarios.small()
    (label, policy), *_ = _arms(scenario, "internal_freelance", "--policy").items()
    assert label == "internal-freelance" and isinstance(policy, mj.InternalFreelance)
    assert cli.main(["run", "--preset", "small", "--policy", "gig"]) == 2
    assert "--policy: unknown policy 'gig'" in capsys.readouterr().err


def test_the_lever_table_in_the_docs_matches_the_code() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "policies.md").read_text("utf-8")
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \|$", page, re.MULTILINE)
    assert [name for name, _, _ in rows] == list(policies.LEVERS)
    trad = policies.levers(mj.TraditionalEmployment())
    flex = policies.levers(mj.InternalFreelance())
    for name, trad_text, flex_text in rows:
        for text, value in ((trad_text, trad[name]), (flex_text, flex[name])):
            shown = text.replace("(fixed)", "").strip().strip("`")
            expected = f"{type(value).__name__}()" if name == "matcher" else repr(value)
            assert shown == expected, f"{name}: page says {shown}, code says {expected}"
    fixed = {name for name, trad_text, _ in rows if "(fixed)" in trad_text}
    init = {f.name for f in attrs.fields(mj.TraditionalEmployment) if f.init}
    assert fixed == set(policies.LEVERS) - init
