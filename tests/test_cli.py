"""The command line: every command's output and exit codes, and bad input."""

from __future__ import annotations

import io
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microjob.cli import main

from . import fuzz


def test_presets_lists_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for name in ("baseline", "mixed", "small"):
        assert name in out


def test_run_prints_every_measure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--preset", "small", "--policy", "internal-freelance", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "quit_rate_monthly" in out
    assert "gig_participation_share" in out
    assert out.startswith("# small, policy internal-freelance, seed 2")


def test_run_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["run", "--preset", "small", "--seed", "4"])
    first = capsys.readouterr().out
    main(["run", "--preset", "small", "--seed", "4"])
    assert capsys.readouterr().out == first


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--preset", "nope"],
        ["run", "--seed", "x"],
        ["run", "--policy", "gig"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_usage_exits_2_without_traceback(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "microjob", *argv], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "error" in proc.stderr


def test_negative_seed_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--preset", "small", "--seed", "-1"]) == 2
    assert "--seed" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--help"]) == 0
    assert "--replications" in capsys.readouterr().out


SMALL = ["--preset", "small", "--quiet"]


def test_compare_prints_policies_and_paired_differences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compare", *SMALL, "--replications", "2", "--workers", "1", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# small: 2 policies x 2 replications, seed 3 (4 runs computed")
    header = out.splitlines()[1]
    assert "traditional" in header and "internal-freelance - traditional" in header
    assert "2-year retention, %" in out and "micro-job bonuses" in out


def test_compare_resumes_from_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "runs.sqlite")
    argv = ["compare", *SMALL, "--replications", "2", "--workers", "1", "--store", store]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    second = capsys.readouterr().out
    assert "(4 runs computed" in first and "(0 runs computed" in second
    assert first.splitlines()[1:] == second.splitlines()[1:]


def test_a_store_of_another_scenario_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "runs.sqlite")
    base = ["compare", "--quiet", "--replications", "1", "--workers", "1", "--store", store]
    assert main([*base, "--preset", "small", "--policies", "traditional"]) == 0
    capsys.readouterr()
    assert main([*base, "--preset", "mixed", "--policies", "traditional"]) == 2
    err = capsys.readouterr().err
    assert "holds results of another scenario" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "--policies", "traditional,gig"], "unknown policy 'gig'"),
        (["compare", "--replications", "0"], "must be a positive integer"),
        (["sweep", "--preset", "small"], "give at least one --set"),
        (["sweep", "--preset", "small", "--set", "market.offer_rate_per_year"], "PATH=V1,V2"),
        (
            ["sweep", "--preset", "small", "--set", "market.offer_rat=0.1"],
            "did you mean 'offer_rate_per_year'",
        ),
        (
            ["sweep", "--preset", "small", "--set", "market.offer_rate_per_year=fast"],
            "must be a number, got 'fast'",
        ),
        (["run", "no-such-file.toml"], "does not exist"),
        (["run", "x.toml", "--preset", "small"], "not both"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--quiet"] if argv[0] != "run" else argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_out_refuses_a_non_empty_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["run", "--preset", "small", "--out", str(tmp_path)]) == 2
    assert "is not empty; use --force" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"], "nothing written or removed"


def test_sweep_prints_one_row_per_point(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sweep", *SMALL, "--workers", "1", "--replications", "1"]
    argv += ["--set", "market.offer_rate_per_year=0.2,0.4", "--set", "policy=traditional"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("# small: 2 points x 1 replications")
    assert lines[1].split()[:2] == ["market.offer_rate_per_year", "policy"]
    assert [line.split()[:2] for line in lines[3:5]] == [
        ["0.2", "traditional"],
        ["0.4", "traditional"],
    ]


def test_bench_reports_throughput_per_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--preset", "small"]) == 0
    out = capsys.readouterr().out
    kinds = {"traditional", "internal-freelance"}
    lines = [line.split() for line in out.splitlines()]
    rows = {words[0]: words for words in lines if words and words[0] in kinds}
    for row in rows.values():
        assert float(row[2].replace(",", "")) > 0
    assert set(rows) == kinds
    ready = out.splitlines()[0]
    assert re.fullmatch(r"# compiled engine ready in [0-9.]+ s \((compiled|loaded) .*\)", ready)


def _default_sigint() -> None:
    # A test run launched in the background of a non-interactive shell (as CI jobs
    # often are) has SIGINT ignored, and a child inherits that: Python then installs no
    # KeyboardInterrupt handler and Ctrl-C does nothing, as it should for such a job.
    # Give the child the default disposition, as an interactive user has.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupt_keeps_the_store_and_exits_130(tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    # Baseline runs take seconds each, so the interrupt lands well before the 80th.
    argv = [sys.executable, "-m", "microjob", "compare", "--preset", "baseline", "--quiet"]
    argv += ["--replications", "40", "--workers", "1", "--store", str(store)]
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with sqlite3.connect(store) as db:
                    if db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] >= 2:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "interrupted; finished runs are kept in" in err
    assert "Traceback" not in err
    with sqlite3.connect(store) as db:
        kept = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    assert 2 <= kept < 80


# ------------------------------------------------------------------ scenario files


def test_init_writes_a_commented_file_that_loads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import microjob as mj

    assert main(["init", str(tmp_path / "mine"), "--preset", "small"]) == 0
    path = tmp_path / "mine.toml"
    text = path.read_text()
    assert text.count("\n# ") > 20, "keys carry comments"
    assert mj.Scenario.from_toml(path) == mj.scenarios.small()
    capsys.readouterr()
    assert main(["init", str(path), "--preset", "small"]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["init", str(path), "--preset", "nope"]) == 2


def test_a_bad_scenario_file_reports_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fuzz.tiny_file(tmp_path)
    text = path.read_text()
    text = text.replace("offer_rate_per_year = ", "offer_rat = ", 1)
    text = text.replace("layoff_rate_monthly = ", "layoff_rate_monthly = -", 1)
    path.write_text(text)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2 problems" in err
    assert "unknown key 'offer_rat' in market; did you mean 'offer_rate_per_year'?" in err
    assert "market.layoff_rate_monthly:" in err
    assert "Traceback" not in err


@given(data=st.data(), kind=fuzz.KINDS)
def test_mutated_scenario_files_exit_0_or_2_never_crash(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, kind: str
) -> None:
    path = fuzz.tiny_file(tmp_path_factory.mktemp("fuzz"))
    mutation = fuzz.mutate(path, kind, data)
    err = io.StringIO()
    started = time.perf_counter()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = main(["run", str(path), "--quiet"])
    assert time.perf_counter() - started < 60.0, "a mutated file must not hang"
    fuzz.check_outcome(code, err.getvalue(), mutation)


# ------------------------------------------------------------------ output directory


def test_run_writes_identical_files_and_its_scenario_reproduces_it(tmp_path: Path) -> None:
    first, second, again = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    base = ["run", "--preset", "small", "--seed", "5", "--quiet", "--out"]
    assert main([*base, str(first)]) == 0
    assert main([*base, str(second)]) == 0
    names = ("summary.csv", "spells.csv", "scenario.toml")
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "report.html").is_file() and any((first / "figures").glob("*.png"))
    replay = ["run", str(first / "scenario.toml"), "--seed", "5", "--quiet", "--out", str(again)]
    assert main(replay) == 0
    for name in ("summary.csv", "spells.csv"):
        assert (again / name).read_bytes() == (first / name).read_bytes(), name


def _readme_main_command() -> list[str]:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    line = next(x for x in readme.splitlines() if x.startswith("python -m venv") and "compare" in x)
    command = line.split("&&")[-1].split()
    assert command[0].endswith("/microjob"), line
    return command[1:]


@pytest.mark.slow
def test_the_readme_main_command_writes_the_report(tmp_path: Path) -> None:
    args = _readme_main_command()
    assert args[0] == "compare"
    proc = subprocess.run(
        [sys.executable, "-m", "microjob", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1800,  # half a minute, four with the first compile (README)
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / args[args.index("--out") + 1]
    html = (out / "report.html").read_text()
    assert "Traditional employment" in html and "Internal freelance" in html
    for name in ("summary.csv", "runs.csv", "spells.csv", "scenario.toml"):
        assert (out / name).is_file(), name
    assert "2-year retention" in proc.stdout
    # Progress a log can keep: one line per run (6 replications x 2 policies), then done.
    assert "microjob: run 12/12 done" in proc.stderr
