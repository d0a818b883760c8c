"""Progress on standard error: a bar on a terminal, one line per finished run elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import microjob as mj
from microjob.cli import main
from microjob.experiment.progress import LineProgress, _duration, progress_style


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_give_the_count_the_run_and_an_eta_from_runs_that_ran() -> None:
    clock, out = _Clock(), io.StringIO()
    lines = LineProgress(6, initial=2, stream=out, clock=clock)
    clock.now += 30.0
    lines.update("replication 0 of policy 'traditional'")
    clock.now += 30.0
    lines.update("replication 1 of policy 'traditional'")
    clock.now += 3600.0
    lines.update("x")
    lines.update("y")
    got = out.getvalue().splitlines()
    assert got[0] == "microjob: 2 of 6 runs already in the store"
    # Two runs from the store cost nothing: 30 s per run that ran, three left.
    assert got[1] == (
        "microjob: run 3/6 done (replication 0 of policy 'traditional'); "
        "30s elapsed, about 1m30s left"
    )
    assert got[2].endswith("1m00s elapsed, about 1m00s left")
    assert got[3] == "microjob: run 5/6 done (x); 1h01m elapsed, about 20m20s left"
    assert got[4] == "microjob: run 6/6 done (y); 1h01m elapsed"  # nothing left: no ETA


def test_progress_style() -> None:
    assert progress_style(False) is None
    assert progress_style(True, _Terminal()) == "bar"
    assert progress_style(True, io.StringIO()) == "lines"
    assert progress_style("lines", _Terminal()) == "lines"
    with pytest.raises(ValueError, match=r"progress: .*'dots'"):
        progress_style("dots")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.4, "0s"), (59.4, "59s"), (61, "1m01s"), (3599, "59m59s"), (7260, "2h01m")],
)
def test_durations(seconds: float, text: str) -> None:
    assert _duration(seconds) == text


def test_compare_prints_one_line_per_run_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "runs.sqlite")
    argv = ["compare", "--preset", "small", "--replications", "2", "--workers", "1"]
    assert main([*argv, "--store", store]) == 0
    captured = capsys.readouterr()
    progress = [line for line in captured.err.splitlines() if line.startswith("microjob: run")]
    assert [line.split(" done")[0] for line in progress] == [
        f"microjob: run {i}/4" for i in range(1, 5)
    ]
    assert "left" in progress[0] and "left" not in progress[-1]
    assert "microjob: run" not in captured.out  # results stay clean on standard output
    assert main([*argv, "--store", store]) == 0  # all four are in the store now
    assert capsys.readouterr().err.splitlines() == ["microjob: 4 of 4 runs already in the store"]
    assert main([*argv, "--store", store, "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_the_api_is_quiet_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    small = mj.scenarios.small()
    mj.compare(small, ["traditional"], replications=1, seed=1)
    assert capsys.readouterr().err == ""
    mj.compare(small, ["traditional"], replications=1, seed=1, progress="lines")
    assert capsys.readouterr().err.startswith("microjob: run 1/1 done (replication 0")
