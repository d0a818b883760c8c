"""Hostile inputs: text that spreadsheets would run, non-finite numbers, bad arguments."""

from __future__ import annotations

import csv
import json
import math
import re
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob._csvsafe import safe_cell

from . import fuzz

FORMULA_START = "=+-@\t\r"


@given(st.text())
def test_text_a_spreadsheet_would_run_is_made_inert(text: str) -> None:
    out = safe_cell(text)
    if text[:1] and text[0] in FORMULA_START:
        try:
            float(text)
        except ValueError:
            assert out == "'" + text
            return
    assert out == text


@pytest.mark.parametrize("value", [1.5, -2, None, "-0.25", "+3e4", "-inf", "plain name"])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def test_no_csv_file_holds_a_formula(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    small = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
    hostile = '=HYPERLINK("http://example.invalid","x")'
    companies = (attrs.evolve(small.companies[0], name=hostile), *small.companies[1:])
    scenario = attrs.evolve(small, companies=companies)
    result = mj.simulate(scenario, seed=1, policy="traditional")
    written = mj.report.write_run(tmp_path / "run", result, command="microjob run", companies=True)
    csvs = [p for p in written if p.suffix == ".csv"]
    assert any(p.name == "companies.csv" for p in csvs)
    seen = [cell for p in csvs for cell in _cells(p)]
    assert "'" + hostile in seen
    runnable = [c for c in seen if c[:1] and c[0] in FORMULA_START]
    for cell in runnable:
        float(cell)  # only numbers may start so (a ValueError fails the test)


# ------------------------------------------------------- sizes and magnitudes


def _scenario_text(**replace: str) -> str:
    """The small preset as TOML, with ``key = value`` lines replaced."""
    text = mj.scenarios.small().to_toml_string()
    for key, value in replace.items():
        lines = text.splitlines()
        hits = [i for i, line in enumerate(lines) if line.split("=")[0].strip() == key]
        assert hits, key
        lines[hits[0]] = f"{key} = {value}"
        text = "\n".join(lines) + "\n"
    return text


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("outside_workers", "1_000_000_000_000", "outside_workers"),
        ("base_wage_per_year", "1e308", "base_wage_per_year"),
        ("base_wage_per_year", "inf", "base_wage_per_year"),
        ("initial_tenure_mean_years", "nan", "initial_tenure_mean_years"),
        ("candidates_per_vacancy", "10_000_000", "candidates_per_vacancy"),
        ("hiring_delay_weeks", "1e300", "hiring_delay_weeks"),
    ],
)
def test_huge_and_non_finite_values_are_refused_at_load_naming_the_key(
    key: str, value: str, named: str
) -> None:
    with pytest.raises(mj.ScenarioFileError, match=named):
        mj.Scenario.from_toml_string(_scenario_text(**{key: value}))


def test_huge_roles_and_infinite_weights_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match=r"positions: must be <= 1,000,000"):
        mj.Role("big", {"python": 1.0}, positions=10**12)
    with pytest.raises(ValueError, match=r"skills\.python: weight must be a number > 0"):
        mj.Role("odd", {"python": math.inf})
    text = mj.scenarios.small().to_toml_string()
    assert "positions = 15" in text or "positions =" in text
    big = re.sub(r"positions = \d+", "positions = 1_000_000_000_000", text, count=1)
    with pytest.raises(mj.ScenarioFileError, match="positions"):
        mj.Scenario.from_toml_string(big)
    inf = re.sub(r"(skills = \{ *\w+ = )[\d.]+", r"\g<1>inf", text, count=1)
    assert inf != text
    with pytest.raises(mj.ScenarioFileError, match="weight"):
        mj.Scenario.from_toml_string(inf)


def test_a_labour_force_beyond_the_limit_is_refused_naming_both_keys() -> None:
    small = mj.scenarios.small()
    population = attrs.evolve(small.population, outside_workers=999_999)
    roles = tuple(attrs.evolve(r, positions=600_000) for r in small.companies[0].roles)
    companies = (attrs.evolve(small.companies[0], roles=roles), *small.companies[1:])
    with pytest.raises(ValueError, match=r"positions and population\.outside_workers"):
        attrs.evolve(small, population=population, companies=companies)


def test_the_command_line_exits_2_on_a_huge_size(tmp_path: Path) -> None:
    from microjob.cli import main

    path = tmp_path / "huge.toml"
    path.write_text(_scenario_text(outside_workers="1_000_000_000_000"), encoding="utf-8")
    assert main(["run", str(path), "--quiet"]) == 2


# ------------------------------------------------------------------ API arguments


def test_negative_zero_runs_as_zero() -> None:
    from .helpers import run_digest

    tiny = attrs.evolve(mj.scenarios.small(), warmup_years=0.5, horizon_years=0.5)
    runs = [
        mj.simulate(attrs.evolve(tiny, market=attrs.evolve(tiny.market, skill_price_sd=sd)), seed=3)
        for sd in (0.0, -0.0)  # NumPy refuses -0.0 as a scale ("scale < 0")
    ]
    assert run_digest(runs[0]) == run_digest(runs[1])


def test_bad_api_arguments_name_the_argument() -> None:
    curve = mj.kaplan_meier([1.0, 2.0, 3.0], [1, 1, 0])
    with pytest.raises(ValueError, match=r"^t: must be a time"):
        curve.at(math.nan)
    with pytest.raises(TypeError, match=r"^t: must be a time"):
        curve.at("soon")
    assert curve.at(2.0) == pytest.approx(1 / 3)
    for groups in ((1, 2), ({}, {}), ("ab", "cd")):
        with pytest.raises(ValueError, match=r"^groups\[0\]: must be \(durations, observed\)"):
            mj.logrank(*groups)  # type: ignore[arg-type]
    small = mj.scenarios.small()
    with pytest.raises(TypeError, match=r"^trackers: must be a list of trackers"):
        mj.simulate(small, seed=1, trackers=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"pass a list: trackers=\[tracker\]"):
        mj.simulate(small, seed=1, trackers=mj.EventCounter())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^text: must be a string of TOML, got NoneType"):
        mj.Scenario.from_toml_string(None)  # type: ignore[arg-type]


# ------------------------------------------------------------ size and depth of files


def test_deep_long_and_huge_files_are_scenario_file_errors(tmp_path: Path) -> None:
    from microjob._toml.reading import MAX_FILE_BYTES

    deep = "a = " + "[" * 100_000 + "]" * 100_000
    with pytest.raises(mj.ScenarioFileError, match="nested more deeply"):
        mj.Scenario.from_toml_string(deep)
    dotted = "x." * 50_000 + "y = 1"
    started = time.perf_counter()
    with pytest.raises(mj.ScenarioFileError, match=r"\(at line 1\): 50,000 dots"):
        mj.Scenario.from_toml_string(dotted)
    assert time.perf_counter() - started < 5.0  # refused before the parser sees it (47 s)
    dotted = "x." * 900 + "y = 1"  # deep, but within the limit: an unknown key
    with pytest.raises(mj.ScenarioFileError, match="unknown key 'x'"):
        mj.Scenario.from_toml_string(dotted)
    huge = tmp_path / "huge.toml"
    huge.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(mj.ScenarioFileError, match="the most a scenario file may hold"):
        mj.Scenario.from_toml(huge)
    from microjob.cli import main

    assert main(["run", str(huge), "--quiet"]) == 2


# ------------------------------------------------------------ output directories


def _run_small(out: Path, *extra: str) -> int:
    from microjob.cli import main

    argv = ["run", "--preset", "small", "--policy", "traditional", "--out", str(out)]
    return main([*argv, "--quiet", *extra])


def _refused_before_running(out: Path) -> None:
    started = time.perf_counter()
    assert _run_small(out, "--force") == 2
    assert time.perf_counter() - started < 5.0  # a small run takes longer


def test_a_figures_file_is_found_before_anything_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "figures").write_text("not a directory", encoding="utf-8")
    _refused_before_running(out)
    assert (out / "figures").read_text(encoding="utf-8") == "not a directory"


def test_force_never_writes_through_a_link_out_of_the_directory(tmp_path: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "precious.csv"
    victim.write_text("keep me", encoding="utf-8")
    out.mkdir()
    (out / "summary.csv").symlink_to(victim)
    (out / "figures").mkdir()
    (out / "figures" / "retention.png").symlink_to(victim)
    assert _run_small(out, "--force") == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "summary.csv").is_symlink() and (out / "summary.csv").stat().st_size > 0
    assert not (out / "figures" / "retention.png").is_symlink()


def test_force_removes_exactly_what_the_previous_command_wrote(tmp_path: Path) -> None:
    from microjob.cli import MANIFEST

    out = tmp_path / "out"
    assert _run_small(out) == 0
    listed = (out / MANIFEST).read_text(encoding="utf-8").split()
    assert "summary.csv" in listed and "report.html" in listed
    assert any(name.startswith("figures/") for name in listed)
    for name in listed:
        assert (out / name).is_file()
    (out / "mine.txt").write_text("the user's own", encoding="utf-8")
    stale = out / "figures" / "from-an-older-version.png"
    stale.write_bytes(b"png")
    (out / MANIFEST).write_text(
        (out / MANIFEST).read_text(encoding="utf-8") + "figures/from-an-older-version.png\n",
        encoding="utf-8",
    )
    assert _run_small(out, "--force", "--seed", "2") == 0
    assert not stale.exists()  # listed by the previous command: removed
    assert (out / "mine.txt").read_text(encoding="utf-8") == "the user's own"
    assert set((out / MANIFEST).read_text(encoding="utf-8").split()) == set(listed)


def test_force_refuses_files_no_command_listed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)  # an empty figures folder is no obstacle
    assert _run_small(out, "--force") == 0
    out = tmp_path / "older"
    out.mkdir()
    (out / "summary.csv").write_text("written before manifests existed", encoding="utf-8")
    _refused_before_running(out)
    assert (out / "summary.csv").read_text(encoding="utf-8").startswith("written before")


def test_a_failed_command_still_lists_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microjob import report
    from microjob.cli import MANIFEST

    def write_half(out: Path, result: object, **_: object) -> None:
        (out / "summary.csv").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(report, "write_run", write_half)
    out = tmp_path / "out"
    assert _run_small(out) == 1
    assert (out / MANIFEST).read_text(encoding="utf-8").split() == ["summary.csv"]
    monkeypatch.undo()
    assert _run_small(out, "--force") == 0
    assert (out / "summary.csv").read_text(encoding="utf-8") != "half"


# ------------------------------------------------------------------- the store


def _tiny() -> mj.Scenario:
    return attrs.evolve(mj.scenarios.small(), warmup_years=0.5, horizon_years=1.0)


def _compare(store: object) -> mj.Comparison:
    return mj.compare(_tiny(), policies=["traditional"], replications=2, seed=1, store=store)


def test_stored_summaries_are_strict_json_and_read_back_equal(tmp_path: Path) -> None:
    import json
    import sqlite3

    path = tmp_path / "runs.sqlite"
    first = _compare(path)
    with sqlite3.connect(path) as db:
        texts = [t for (t,) in db.execute("SELECT summary FROM runs")]

    def no_constants(name: str) -> float:
        raise AssertionError(f"non-strict JSON constant {name}")

    for text in texts:
        values = json.loads(text, parse_constant=no_constants)
        assert any(v is None for v in values.values())  # NaN measures are stored as null
    again = _compare(path)
    assert again.to_frame().equals(first.to_frame())


@pytest.mark.parametrize(
    "summary", ['{"quit_rate_monthly": 0.1}', "not json", "[1, 2]", '{"x": 1}']
)
def test_a_corrupt_row_names_the_store_and_the_run(tmp_path: Path, summary: str) -> None:
    import sqlite3

    path = tmp_path / "runs.sqlite"
    _compare(path)
    with sqlite3.connect(path) as db:
        (key,) = db.execute("SELECT key FROM runs LIMIT 1").fetchone()
        db.execute("UPDATE runs SET summary = ? WHERE key = ?", (summary, key))
    with pytest.raises(mj.StoreMismatchError, match=rf"runs\.sqlite'.*run '{re.escape(key)}'"):
        _compare(path)


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.sampled_from([1e308, -1, 10**30, {}]),
)


@st.composite
def corrupt_summaries(draw: st.DrawFn, summary: dict[str, object]) -> object:
    """A stored summary with one thing wrong, or that may still be right."""
    how = draw(st.sampled_from(["text", "number", "drop", "add", "value", "nest"]))
    values = dict(summary)
    if how == "text":
        return draw(st.text(max_size=30))
    if how == "number":
        return draw(st.integers(-(2**63), 2**63 - 1) | st.floats() | st.binary(max_size=8))
    if how == "nest":
        return "[" * 100_000 + "]" * 100_000
    name = draw(st.sampled_from(sorted(values)))
    if how == "drop":
        del values[name]
    elif how == "add":
        values[draw(st.text(min_size=1, max_size=8))] = 0.5
    else:
        values[name] = draw(_JUNK)
    return json.dumps(values)


def _valid_summary(stored: object) -> bool:
    """What the store must accept: a JSON object of exactly this version's measures,
    each a number or null."""
    try:
        values = json.loads(stored)  # type: ignore[arg-type]
    except (ValueError, TypeError, RecursionError):
        return False
    if not isinstance(values, dict) or set(values) != set(mj.RunSummary.field_names()):
        return False
    return all(
        v is None or (isinstance(v, int | float) and not isinstance(v, bool))
        for v in values.values()
    )


@pytest.fixture(scope="module")
def a_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "runs.sqlite"
    _compare(path)
    return path


@given(data=st.data())
def test_a_corrupted_store_row_is_used_only_if_it_is_a_summary(
    a_store: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    import shutil
    import sqlite3

    path = tmp_path_factory.mktemp("corrupt") / "runs.sqlite"
    shutil.copy(a_store, path)
    with sqlite3.connect(path) as db:
        key, text = db.execute("SELECT key, summary FROM runs ORDER BY key LIMIT 1").fetchone()
        stored = data.draw(corrupt_summaries(json.loads(text)))
        db.execute("UPDATE runs SET summary = ? WHERE key = ?", (stored, key))
    if _valid_summary(stored):
        assert len(_compare(path).to_frame()) == 2
    else:
        with pytest.raises(mj.StoreMismatchError, match=rf"runs\.sqlite'.*run '{key}'"):
            _compare(path)


def test_store_paths_that_cannot_be_a_store_are_told_apart(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"store: must be a file path"):
        _compare("")
    with pytest.raises(ValueError, match=r"is a directory, not a store file"):
        _compare(tmp_path)
    with pytest.raises(ValueError, match=r"does not exist; create it first"):
        _compare(tmp_path / "missing" / "runs.sqlite")


def test_a_store_that_cannot_be_written_is_refused_before_any_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from microjob.experiment import store as store_module

    path = tmp_path / "runs.sqlite"
    _compare(path)
    read_only = sqlite3.connect

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        return read_only(f"file:{target}?mode=ro", uri=True)

    monkeypatch.setattr(store_module.sqlite3, "connect", connect)
    assert len(_compare(path).to_frame()) == 2  # what it holds, it still serves
    with pytest.raises(ValueError, match=r"cannot be written .*the 1 run\(s\) it lacks"):
        mj.compare(_tiny(), policies=["traditional"], replications=3, seed=1, store=path)


# ------------------------------------------------------------------ memory


def test_a_run_too_big_for_the_memory_limit_is_refused_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microjob.cli import main
    from microjob.kernel.run import MEMORY_LIMIT_VARIABLE, memory_estimate_bytes

    small = mj.scenarios.small()
    need = memory_estimate_bytes(small)
    bigger = attrs.evolve(small, population=attrs.evolve(small.population, outside_workers=3000))
    assert memory_estimate_bytes(bigger) > 5 * need  # it grows with the people in it
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, str(need / 2 / 1e9))
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"outside_workers .* needs about .* GB, more than"):
        mj.simulate(small, seed=1)
    assert time.perf_counter() - started < 1.0
    assert main(["run", "--preset", "small", "--quiet"]) == 2
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "lots")
    with pytest.raises(ValueError, match=rf"{MEMORY_LIMIT_VARIABLE}: must be a number"):
        mj.simulate(small, seed=1)


# ------------------------------------------------------------- terminal escapes


def test_names_with_terminal_escapes_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from microjob.cli import main

    small = attrs.evolve(mj.scenarios.small(), warmup_years=0.5, horizon_years=1.0)
    evil = "\x1b[2J\x1b[31mred\x07"
    scenario = attrs.evolve(small, name="tiny" + evil)
    path = tmp_path / "tiny.toml"
    scenario.to_toml(path)
    assert main(["run", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "tiny\\x1b[2J\\x1b[31mred\\x07" in out
    bad = path.read_text(encoding="utf-8").replace("horizon_years = 1.0", "horizon_years = -1.0")
    bad = bad.replace('name = "tiny', 'nme = "tiny', 1)
    path.write_text(bad, encoding="utf-8")
    assert main(["run", str(path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err


# ------------------------------------------------------------------ orphaned workers

_ORPHAN_SCRIPT = """
import argparse, os, sys, time
from microjob.cli.execution import _executor

def park(path):
    with open(path, "a") as f:
        f.write(f"{os.getpid()}\\n")
    time.sleep(600)

if __name__ == "__main__":
    args = argparse.Namespace(workers=2, dask=None)
    with _executor(args) as pool:
        for _ in range(2):
            pool.submit(park, sys.argv[1])
        time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            state = next(line for line in f if line.startswith("State:"))
    except FileNotFoundError:
        return True
    return "Z" in state.split()[1]  # a zombie has exited; only its parent can reap it


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_pool_workers_exit_when_the_command_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    pids_file = tmp_path / "pids"
    script = tmp_path / "orphan.py"
    script.write_text(_ORPHAN_SCRIPT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(pids_file)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if pids_file.exists() and len(pids_file.read_text().split()) == 2:
                break
            time.sleep(0.2)
        pids = [int(p) for p in pids_file.read_text().split()]
        assert len(pids) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.2)
    assert all(_gone(p) for p in pids), "workers outlived the command that started them"


# ------------------------------------------------------------------ memory limit

_SANDBOX_SCRIPT = """
import io, json, resource, sys
from contextlib import redirect_stderr, redirect_stdout

limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from microjob.cli import main

for line in sys.stdin:
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = main(["run", line.strip(), "--quiet"])
    with open("/proc/self/status") as f:  # this process's own peak, not its parent's
        peak_kb = int(next(l for l in f if l.startswith("VmHWM:")).split()[1])
    print(json.dumps({"code": code, "err": err.getvalue(), "peak_kb": peak_kb}), flush=True)
"""
SANDBOX_ADDRESS_SPACE = 2 * 1024**3
"""The address space a sandboxed run may map: about four times what importing the
compiled engine and running the tiny scenario need (some 540 MB)."""
SANDBOX_SECONDS = 60.0
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/status").is_file(), reason="the sandbox reads /proc (Linux)"
)


class Sandbox:
    """A child process that runs ``microjob run FILE`` under an OS memory limit.

    It reads one file path per line and answers with the exit code, the error text
    and its peak resident memory. The memory estimate is set to refuse runs above
    1 GB, so a scenario that needs more is refused before it allocates; a scenario
    that slipped past the estimate would hit the OS limit and exit 1, or kill the
    child, and either fails the test."""

    def __init__(self, directory: Path) -> None:
        import os
        import subprocess
        import sys

        script = directory / "sandbox.py"
        script.write_text(_SANDBOX_SCRIPT, encoding="utf-8")
        env = {**os.environ, "MICROJOB_MEMORY_LIMIT_GB": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(script), str(SANDBOX_ADDRESS_SPACE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def run(self, path: Path) -> dict[str, object]:
        import json
        import selectors

        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            ready = sel.select(timeout=SANDBOX_SECONDS)
        assert ready, f"{path.name}: no answer within {SANDBOX_SECONDS:g} s"
        line = self.proc.stdout.readline()
        assert line, f"the sandbox died (exit code {self.proc.wait()})"
        answer: dict[str, object] = json.loads(line)
        return answer

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    box = Sandbox(tmp_path_factory.mktemp("sandbox"))
    yield box
    box.close()


@needs_proc
@given(data=st.data(), kind=fuzz.KINDS)
def test_mutated_files_stay_within_a_memory_limit(
    sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, kind: str
) -> None:
    path = fuzz.tiny_file(tmp_path_factory.mktemp("fuzz"))
    mutation = fuzz.mutate(path, kind, data)
    answer = sandbox.run(path)
    fuzz.check_outcome(int(str(answer["code"])), str(answer["err"]), mutation)


@needs_proc
def test_the_sandbox_refuses_what_its_limits_cannot_hold(sandbox: Sandbox, tmp_path: Path) -> None:
    path = fuzz.tiny_file(tmp_path)
    assert sandbox.run(path)["code"] == 0
    text = path.read_text(encoding="utf-8")
    big = re.sub(r"outside_workers = \d+", "outside_workers = 1_000_000", text)
    assert big != text
    path.write_text(big, encoding="utf-8")
    answer = sandbox.run(path)
    assert answer["code"] == 2
    assert "outside_workers" in str(answer["err"]) and "GB" in str(answer["err"])
    peak_mb = int(str(answer["peak_kb"])) / 1024
    assert peak_mb < 1024, "refused before allocating: the peak stays below the 1 GB allowed"
