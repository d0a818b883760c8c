"""Per company and per policy kind: the measures, the moves between employers, the extra
that keeps them, the files and the report section.

Most tests use the ``mixed`` preset (two traditional and two internal-freelance
companies) cut to a 1-year warm-up and 2 measured years.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given

import microjob as mj
from microjob.bls import overlap_years
from microjob.experiment.extras import compute_extras
from microjob.measures import (
    COMPANY_MEASURES,
    company_measure_info,
    company_measures,
    poaching,
    policy_measures,
)
from microjob.survival import kaplan_meier

from .strategies import scenarios, seeds

SHORT = attrs.evolve(mj.scenarios.mixed(), warmup_years=1.0, horizon_years=2.0)
ONE_KIND = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)

SHARES = (
    "retention_1y",
    "retention_2y",
    "retention_5y",
    "retention_2y_internal_movers",
    "retention_2y_non_movers",
    "gig_fill_rate",
    "gig_participation_share",
    "gig_effort_share_mean",
)
"""Per-company measures that are shares, in [0, 1] when measured."""

SURVIVAL = (
    "retention_1y",
    "retention_2y",
    "retention_5y",
    "median_spell_years",
    "median_tenure_years",
    "retention_2y_internal_movers",
    "retention_2y_non_movers",
)


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def _canonical(value: Any) -> str:
    """A JSON text that compares NaN equal to NaN."""
    return json.dumps(value, sort_keys=True, allow_nan=True)


@pytest.fixture(scope="module")
def run() -> mj.RunResult:
    return mj.simulate(SHORT, seed=1)


@pytest.fixture(scope="module")
def one_kind() -> mj.RunResult:
    return mj.simulate(ONE_KIND, seed=2, policy=mj.InternalFreelance())


# ------------------------------------------------------------------ measures


def test_one_entry_per_simulated_company_in_order(run: mj.RunResult) -> None:
    companies = company_measures(run)
    assert [c["name"] for c in companies] == [c.name for c in SHORT.companies]
    assert [c["index"] for c in companies] == list(range(len(SHORT.companies)))
    assert [c["policy"] for c in companies] == [c.policy.kind for c in SHORT.companies]
    for c in companies:
        assert set(c) == {"name", "index", "policy", *COMPANY_MEASURES}
    kinds = policy_measures(run)
    assert [k["policy"] for k in kinds] == ["traditional", "internal-freelance"]
    assert kinds[0]["companies"] == ["company-A", "company-C"]
    assert kinds[1]["companies"] == ["company-B", "company-D"]
    for name in COMPANY_MEASURES:
        info = company_measure_info(name)
        assert info.label and info.unit and info.description
    with pytest.raises(KeyError, match="per-company"):
        company_measure_info("worker_years")


def test_headcounts_add_up_to_the_runs(run: mj.RunResult) -> None:
    companies = company_measures(run)
    summary = run.summary()
    assert sum(c["mean_headcount"] for c in companies) == pytest.approx(
        summary.mean_headcount, rel=1e-12
    )
    assert sum(c["employee_years"] for c in companies) == pytest.approx(
        run.stats.employee_years, rel=1e-12
    )
    for kind in policy_measures(run):
        members = [c for c in companies if c["policy"] == kind["policy"]]
        assert kind["employee_years"] == pytest.approx(
            sum(c["employee_years"] for c in members), rel=1e-12
        )
        assert kind["gigs_posted"] == sum(c["gigs_posted"] for c in members)


def test_company_spells_partition_the_pooled_ones(run: mj.RunResult) -> None:
    table = run.spell_table
    sim = table["company"] < run.outside_index
    counted = Counter(table["company"][sim].tolist())
    assert sum(counted.values()) == int(sim.sum())
    for c in company_measures(run):
        rows = table["company"] == c["index"]
        assert counted[c["index"]] == int(rows.sum())
        km = kaplan_meier(
            table["duration_years"][rows], table["event"][rows], table["entry_years"][rows]
        )
        assert c["retention_2y"] == float(km.at(2.0))
        years = overlap_years(
            table["start"][rows], table["end"][rows], run.window_start_weeks, run.window_end_weeks
        )
        assert c["employee_years"] == years
        totals = run.stats.companies[c["index"]]
        assert c["quit_rate_monthly"] == pytest.approx(
            (totals.quits + totals.withdrawals) / (years * 12.0), rel=1e-12
        )


def test_one_policy_kind_pools_to_the_runs_measures(one_kind: mj.RunResult) -> None:
    (kind,) = policy_measures(one_kind)
    summary = one_kind.summary()
    assert kind["policy"] == "internal-freelance"
    for name in SURVIVAL:
        assert _same(kind[name], getattr(summary, name)), name
    for name in COMPANY_MEASURES:
        if hasattr(summary, name):
            expected = getattr(summary, name)
            assert _same(kind[name], expected) or kind[name] == pytest.approx(
                expected, rel=1e-12
            ), name
    assert 0.0 < kind["gig_participation_share"] <= 1.0


def _moves_from_spells(run: mj.RunResult) -> np.ndarray:
    """Quit → hire transitions: each worker's spells in order of start, a quit in the
    window followed by a spell that starts when it ends."""
    n = len(run.company_names)
    counts = np.zeros((n, n), dtype=int)
    by_worker: dict[int, list[mj.EmploymentSpell]] = {}
    for s in run.spells:
        by_worker.setdefault(s.worker, []).append(s)
    for spells in by_worker.values():
        spells.sort(key=lambda s: s.start)
        for a, b in itertools.pairwise(spells):
            in_window = run.window_start_weeks <= a.end <= run.window_end_weeks
            if a.reason == "quit" and in_window and b.start == a.end:
                counts[a.company, b.company] += 1
    return counts


def test_poaching_counts_the_quit_to_hire_transitions(run: mj.RunResult) -> None:
    moves = poaching(run)
    assert moves["employers"] == list(run.company_names)
    assert moves["policies"] == [c.policy.kind for c in SHORT.companies] + ["outside"]
    counts = np.array(moves["counts"])
    expected = _moves_from_spells(run)
    assert np.array_equal(counts, expected)
    assert counts.sum() > 0 and counts[: run.outside_index, : run.outside_index].sum() > 0
    # Every job hop of a simulated company in the window has its next hire.
    for c, totals in enumerate(run.stats.simulated):
        assert counts[c].sum() == totals.quits
    years = np.array(moves["employee_years"])
    assert years[:-1].tolist() == [c["employee_years"] for c in company_measures(run)]
    rates = np.array(moves["per_1000_employee_years"])
    assert np.allclose(rates, 1000.0 * counts / years[:, None], rtol=1e-12)

    kinds = poaching(run, by="policy")
    assert kinds["employers"] == ["traditional", "internal-freelance", "outside"]
    group = [kinds["employers"].index(k) for k in moves["policies"]]
    pooled = np.zeros((3, 3), dtype=int)
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            pooled[group[i], group[j]] += value
    assert np.array_equal(np.array(kinds["counts"]), pooled)
    with pytest.raises(ValueError, match="by"):
        poaching(run, by="kind")


@given(scenario=scenarios(max_companies=3), seed=seeds)
def test_company_measures_are_finite_or_nan_and_shares_are_shares(
    scenario: mj.Scenario, seed: int
) -> None:
    result = mj.simulate(scenario, seed=seed)
    extra = compute_extras(result, ("companies",))["companies"]
    entries = [*extra["companies"], *extra["policies"]]
    assert len(extra["companies"]) == len(scenario.companies)
    for entry in entries:
        for name in COMPANY_MEASURES:
            value = entry[name]
            assert isinstance(value, float)
            assert math.isfinite(value) or math.isnan(value), name
            if name != "skill_gain_per_worker_year":  # skills can be forgotten
                assert not value < 0.0, name
        for name in SHARES:
            value = entry[name]
            assert math.isnan(value) or 0.0 <= value <= 1.0, name
    headcount = sum(c["mean_headcount"] for c in extra["companies"])
    assert headcount == pytest.approx(result.summary().mean_headcount, rel=1e-9, abs=1e-9)
    for moves in (extra["poaching"], extra["poaching_by_policy"]):
        assert all(x >= 0 for row in moves["counts"] for x in row)
        rates = np.array(moves["per_1000_employee_years"], dtype=float)
        assert not np.isinf(rates).any()
    assert _canonical(json.loads(_canonical(extra))) == _canonical(extra)


# ------------------------------------------------------------------ experiments


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[mj.Comparison, Path]:
    store = tmp_path_factory.mktemp("store") / "runs.sqlite"
    comparison = mj.compare(SHORT, replications=2, seed=1, keep=["companies"], store=store)
    return comparison, store


def test_the_extra_survives_the_store(kept: tuple[mj.Comparison, Path]) -> None:
    comparison, store = kept
    again = mj.compare(SHORT, replications=2, seed=1, keep=["companies"], store=store)
    assert again.tasks_run == 0
    for a, b in zip(comparison.runs, again.runs, strict=True):
        assert _canonical(a.extras["companies"]) == _canonical(b.extras["companies"])
    # What was kept is what the run gives.
    record = next(r for r in again.runs if r.policy == "scenario" and r.replication == 1)
    rerun = comparison.rerun("scenario", 1)
    assert _canonical(record.extras["companies"]["companies"]) == _canonical(
        company_measures(rerun)
    )
    assert _canonical(record.extras["companies"]["poaching"]) == _canonical(poaching(rerun))


def test_a_store_without_the_extra_runs_again(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    plain = mj.compare(SHORT, ["scenario"], replications=1, seed=1, store=store)
    with pytest.raises(ValueError, match="keep=\\('companies',\\)"):
        plain.companies("scenario")
    with_companies = mj.compare(
        SHORT, ["scenario"], replications=1, seed=1, store=store, keep=["companies"]
    )
    assert with_companies.tasks_run == 1
    assert with_companies.runs[0].summary == plain.runs[0].summary


def test_the_comparison_table_per_company(kept: tuple[mj.Comparison, Path]) -> None:
    comparison, _ = kept
    table = comparison.companies("scenario", ["retention_2y", "quit_rate_monthly"])
    labels = list(dict.fromkeys(row.label for row in table))
    assert labels == [
        "company-A (traditional)",
        "company-B (internal-freelance)",
        "company-C (traditional)",
        "company-D (internal-freelance)",
    ]
    values = [
        r.extras["companies"]["companies"][1]["retention_2y"]
        for r in comparison.runs
        if r.policy == "scenario"
    ]
    row = table.get("company-B (internal-freelance)", "retention_2y")
    assert row.n == 2 and row.mean == pytest.approx(np.mean(values), rel=1e-12)
    assert row.ci_low <= row.mean <= row.ci_high
    frame = table.to_frame()
    assert {"company", "company_index", "policy_kind"} <= set(frame.columns)

    kinds = comparison.companies("scenario", ["retention_2y"], by="policy")
    assert [r.label for r in kinds] == ["traditional", "internal-freelance"]
    # Under the traditional arm every company is traditional.
    traditional = comparison.companies("traditional", ["retention_2y"])
    assert all(r.label.endswith("(traditional)") for r in traditional)
    with pytest.raises(ValueError, match="unknown per-company measure"):
        comparison.companies("scenario", ["retention_2yy"])
    with pytest.raises(ValueError, match="by"):
        comparison.companies("scenario", by="kind")


def test_company_differences_are_paired(kept: tuple[mj.Comparison, Path]) -> None:
    comparison, _ = kept
    diffs = comparison.company_differences("scenario", "traditional", ["retention_2y"])
    assert len(diffs) == len(SHORT.companies)
    row = diffs.get("scenario: company-B (internal-freelance)", "retention_2y")
    assert row.baseline == "traditional: company-B (traditional)"

    def values(policy: str) -> np.ndarray:
        runs = sorted(
            (r for r in comparison.runs if r.policy == policy), key=lambda r: r.replication
        )
        return np.array([r.extras["companies"]["companies"][1]["retention_2y"] for r in runs])

    assert row.mean == pytest.approx(float(np.mean(values("scenario") - values("traditional"))))


def test_a_sweep_keeps_the_companies_per_point() -> None:
    grid = {"market.offer_rate_per_year": [0.5, 1.0]}
    result = mj.sweep(SHORT, grid, replications=1, seed=1, keep=["companies"])
    table = result.companies(["mean_headcount"])
    assert [r.label for r in table][:2] == [
        "point 0: company-A (traditional)",
        "point 0: company-B (internal-freelance)",
    ]
    assert len(table) == 2 * len(SHORT.companies)
    frame = table.to_frame()
    assert frame["market.offer_rate_per_year"].tolist() == [0.5] * 4 + [1.0] * 4
    by_kind = result.companies(["mean_headcount"], by="policy")
    assert len(by_kind) == 4
    plain = mj.sweep(SHORT, grid, replications=1, seed=1)
    with pytest.raises(ValueError, match="sweep\\(\\.\\.\\., keep"):
        plain.companies()
    with pytest.raises(ValueError, match="unknown extra"):
        mj.sweep(SHORT, grid, replications=1, seed=1, keep=["company"])


# ------------------------------------------------------------------ files and the page


def test_the_run_files_are_written_and_deterministic(run: mj.RunResult, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pd = pytest.importorskip("pandas")
    from microjob import report

    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        report.write_run(out, run, command="microjob run")
    for name in ("companies.csv", "poaching.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    companies = pd.read_csv(first / "companies.csv", float_precision="round_trip")
    assert companies["level"].tolist() == ["company"] * 4 + ["policy"] * 2
    for c in company_measures(run):
        row = companies[(companies["level"] == "company") & (companies["company"] == c["name"])]
        for name in COMPANY_MEASURES:
            assert _same(float(row[name].iloc[0]), c[name]), name
    moves = pd.read_csv(first / "poaching.csv", float_precision="round_trip")
    company_moves = moves[moves["level"] == "company"]
    assert len(company_moves) == 5 * 5
    assert company_moves["moves"].sum() == np.array(poaching(run)["counts"]).sum()
    page = (first / "report.html").read_text(encoding="utf-8")
    assert '<section id="companies">' in page  # a mixed scenario shows it


def test_the_comparison_files_are_the_tables(
    kept: tuple[mj.Comparison, Path], tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    pd = pytest.importorskip("pandas")
    from microjob import report
    from microjob.experiment import replication_seeds

    comparison, _ = kept
    seed = replication_seeds(1, 1)[0]
    examples = {
        p: mj.simulate(SHORT, seed=seed, policy=comparison.arms[p]) for p in comparison.policies
    }
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        report.write_comparison(out, comparison, examples, command="microjob compare")
    for name in ("companies.csv", "poaching.csv", "report.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    got = pd.read_csv(first / "companies.csv", float_precision="round_trip")
    for policy in comparison.policies:
        expected = comparison.companies(policy).to_frame()
        rows = got[(got["policy"] == policy) & (got["level"] == "company")]
        assert len(rows) == len(expected)
        np.testing.assert_array_equal(rows["mean"].to_numpy(), expected["mean"].to_numpy())
        np.testing.assert_array_equal(rows["ci_low"].to_numpy(), expected["ci_low"].to_numpy())
    page = (first / "report.html").read_text(encoding="utf-8")
    assert page.count('<section id="companies">') == 1
    assert "Company by company" in page


def test_the_section_escapes_company_names(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    from microjob import report

    names = ["<b>x</b>", "a & b", "<i>c</i>", "d"]
    companies = tuple(attrs.evolve(c, name=n) for c, n in zip(SHORT.companies, names, strict=True))
    result = mj.simulate(attrs.evolve(SHORT, companies=companies), seed=3)
    report.write_run(tmp_path, result, command="microjob run")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="companies">') :]
    section = section[: section.index("</section>")]
    assert "<b>x</b>" not in page and "<i>c</i>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in section and "a &amp; b" in section
    assert "&lt;i&gt;c&lt;/i&gt;" in section


def test_one_policy_shows_the_section_only_when_asked(
    one_kind: mj.RunResult, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    from microjob import report

    report.write_run(tmp_path / "auto", one_kind, command="microjob run")
    report.write_run(tmp_path / "asked", one_kind, command="microjob run", companies=True)
    auto = (tmp_path / "auto" / "report.html").read_text(encoding="utf-8")
    asked = (tmp_path / "asked" / "report.html").read_text(encoding="utf-8")
    assert 'id="companies"' not in auto and (tmp_path / "auto" / "companies.csv").is_file()
    assert '<section id="companies">' in asked


def test_microjob_run_prints_a_table_per_company(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microjob.cli import main

    if not hasattr(mj.Scenario, "to_toml"):
        pytest.skip("Scenario.to_toml is not implemented")
    path = tmp_path / "short.toml"
    SHORT.to_toml(path)
    assert main(["run", str(path), "--seed", "1"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("per company:") :]
    for c in SHORT.companies:
        assert f"{c.name} ({c.policy.kind})" in tail
    assert "all internal-freelance" in tail
