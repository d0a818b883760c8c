"""The command line: exit codes and output of ``microjob presets`` and ``microjob run``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from microjob.cli import main


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
