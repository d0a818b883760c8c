"""Replications until the answer is precise enough (compare's precision target)."""

from __future__ import annotations

import attrs
import pytest

import microjob as mj
from microjob import cli
from microjob.experiment.precision import _next_replications


@pytest.fixture(scope="module")
def short() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)


def _texts(c: mj.Comparison) -> list[str]:
    return [repr(r.summary) for r in c.runs]


def test_a_met_target_stops_and_equals_a_comparison_of_that_size(short: mj.Scenario) -> None:
    target = {"retention_2y": 0.03, "quit_rate_monthly": 0.01}
    c = mj.compare(short, replications=3, seed=2, precision=target, max_replications=30)
    assert c.precision is not None and c.precision.reached
    n = c.replications
    assert c.precision.replications == n and len(c.runs) == 2 * n
    for m, t in target.items():
        assert c.precision.half_widths[m] <= t
        row = c.differences(measures=[m]).get("internal-freelance", m)
        assert (row.ci_high - row.ci_low) / 2 == pytest.approx(c.precision.half_widths[m])
    same = mj.compare(short, replications=n, seed=2)
    assert _texts(same) == _texts(c)  # added replications are the ones a larger request makes
    assert [(r.policy, r.replication) for r in c.runs] == [
        (p, r) for p in ("traditional", "internal-freelance") for r in range(n)
    ]


def test_the_cap_stops_an_unreachable_target(short: mj.Scenario) -> None:
    c = mj.compare(
        short, replications=2, seed=2, precision={"retention_2y": 1e-6}, max_replications=5
    )
    assert c.precision is not None
    assert not c.precision.reached and c.replications == 5 and c.precision.rounds >= 2
    assert "NOT reached" in str(c.precision)


def test_next_round_size_follows_the_square_root_law() -> None:
    assert _next_replications(4, 0.02, 0.01, 100) == 18  # 4 * 2**2 * 1.1 = 17.6
    assert _next_replications(4, 0.0101, 0.01, 100) == 5  # at least one more
    assert _next_replications(4, 0.1, 0.01, 50) == 50  # never past the cap
    assert _next_replications(1, float("nan"), 0.01, 50) == 3  # no spread yet: grow


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"precision": {"retention": 0.01}}, "unknown measure 'retention'"),
        ({"precision": {"retention_2y": 0}}, r"precision\['retention_2y'\]: must be a number > 0"),
        ({"precision": {}}, "precision: must map measures"),
        ({"precision": {"retention_2y": 0.01}, "max_replications": 2}, "max_replications"),
    ],
)
def test_bad_targets_are_errors(short: mj.Scenario, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mj.compare(short, replications=3, seed=1, **kwargs)


def test_cli_precision_in_percentage_points(
    short: mj.Scenario, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "short.toml"
    short.to_toml(file)
    argv = ["compare", str(file), "--replications", "3", "--workers", "1", "--quiet"]
    assert cli.main([*argv, "--precision", "3pp"]) == 0
    out = capsys.readouterr().out
    api = mj.compare(short, replications=3, seed=1, precision={"retention_2y": 0.03})
    assert f"# {api.precision}" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--precision", "fine"], "--precision: must be a positive number"),
        (["--precision=-1pp"], "--precision: must be a positive number"),
        (["--precision", "1pp", "--precision-of", "median_tenure_years"], "not a percentage"),
        (["--precision", "1pp", "--precision-of", "retention"], "--precision-of: unknown"),
    ],
)
def test_cli_bad_precision_exits_2(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert cli.main(["compare", "--preset", "small", "--quiet", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_report_says_how_the_replications_were_chosen(short: mj.Scenario, tmp_path) -> None:
    c = mj.compare(short, replications=3, seed=2, precision={"retention_2y": 0.05})
    examples = {label: c.rerun(label, 0) for label in c.policies}
    mj.report.write_comparison(tmp_path, c, examples, command="microjob compare")
    page = (tmp_path / "report.html").read_text("utf-8")
    assert f"set by a precision target: {c.precision}" in page
