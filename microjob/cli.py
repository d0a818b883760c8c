"""The command line: ``microjob`` and ``python -m microjob``.

Commands: ``presets``, ``init``, ``run``, ``compare``, ``sweep``, ``validate``
and ``bench``; ``microjob COMMAND --help`` describes each. Exit codes: 0
success, 2 bad input (usage, a scenario file, a parameter value, a result
store made for something else), 1 anything else, 130 interrupted; errors are
one-line messages on standard error, never tracebacks. Progress goes to
standard error, a bar on a terminal and one line per finished run (with an
estimate of the time left) elsewhere; ``--quiet`` turns it off. Results go to
standard output and, with ``--out DIR``, to files.
"""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microjob import _terminal as terminal
from microjob.policies import POLICY_KINDS, SCENARIO_ARM
from microjob.summary import RunSummary

if TYPE_CHECKING:
    from microjob.records import RunResult
    from microjob.scenario import Scenario

__all__ = ["main"]

POLICY_CHOICES = tuple(entry.kind for entry in POLICY_KINDS)
"""Policy names the command line offers (aliases such as ``internal_freelance`` also work)."""


class UsageError(Exception):
    """Bad input from the user: exit code 2 with this message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


# ------------------------------------------------------------------ arguments


def _int_from(minimum: int, wanted: str) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``, else a message saying ``wanted``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
        return value

    return parse


_positive_int = _int_from(1, "a positive integer")
_seed = _int_from(0, "an integer >= 0")


def _add_scenario(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    from microjob.scenario import scenarios

    p.add_argument(
        "scenario",
        nargs=None if required else "?",
        metavar="SCENARIO",
        help="a scenario file (TOML; `microjob init` writes one)"
        + ("" if required else "; default: --preset"),
    )
    if not required:
        p.add_argument(
            "--preset",
            choices=scenarios.names(),
            default=None,
            help="a built-in scenario instead of a file (default baseline)",
        )


def _add_output(p: argparse.ArgumentParser, what: str = "CSVs, figures and a report") -> None:
    p.add_argument("--out", metavar="DIR", type=Path, help=f"write {what} here")
    p.add_argument("--force", action="store_true", help="write into a non-empty --out directory")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _add_repeats(p: argparse.ArgumentParser, default: int, note: str = "") -> None:
    """``--replications`` (with its default) and ``--seed``."""
    p.add_argument(
        "--replications",
        type=_positive_int,
        default=default,
        metavar="R",
        help=f"default {default}{note}",
    )
    p.add_argument("--seed", type=_seed, default=1, help="root seed (default 1)")


def _add_parallel(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="K",
        help="processes to run replications on (default: all CPUs)",
    )
    where.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask cluster (scheduler address)"
    )
    p.add_argument("--store", metavar="FILE", help="SQLite file that keeps finished runs (resume)")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="microjob",
        description="Simulate careers made of micro-jobs: do internal freelance programmes "
        "make people stay longer and grow more skills, and what do they cost?",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the built-in scenarios")
    for add in (
        _add_init,
        _add_run,
        _add_compare,
        _add_decompose,
        _add_barriers,
        _add_sweep,
        _add_validate,
        _add_bench,
    ):
        add(sub)
    return parser


def _add_init(sub: Any) -> None:
    """The ``init`` command: a commented scenario file to start from."""
    init = sub.add_parser("init", help="write a commented scenario file to start from")
    init.add_argument("name", metavar="NAME", help="file to write (.toml is added if missing)")
    init.add_argument(
        "--preset", default="baseline", help="preset to start from (default baseline)"
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")


def _add_run(sub: Any) -> None:
    """The ``run`` command: one scenario, once."""
    run = sub.add_parser("run", help="simulate one scenario once and print its measures")
    _add_scenario(run)
    run.add_argument(
        "--policy",
        metavar="NAME",
        help="policy of every company: traditional, internal-freelance, one of the file's "
        "arms, or scenario (as written; the default)",
    )
    run.add_argument("--seed", type=_seed, default=1, help="root seed (default 1)")
    _add_output(run)


def _add_compare(sub: Any) -> None:
    """The ``compare`` command: policies over replications."""
    compare = sub.add_parser(
        "compare", help="compare policies over replications with common random numbers"
    )
    _add_scenario(compare)
    compare.add_argument(
        "--arms",
        "--policies",
        dest="arms",
        metavar="A,B,...",
        help="comma-separated arms: traditional, internal-freelance, scenario (the file's "
        "policies as written) or arms the file defines ([arms.NAME]); default: the file's "
        "arms, else traditional against the file as written (traditional,internal-freelance "
        "for an all-traditional scenario)",
    )
    _add_repeats(compare, 6, " (with --precision: the first round)")
    compare.add_argument(
        "--precision",
        metavar="HALF-WIDTH",
        help="add replications until each paired difference's 95%% interval is this narrow "
        "(e.g. 0.5pp for a percentage, or a number in the measure's unit)",
    )
    compare.add_argument(
        "--precision-of",
        metavar="M,...",
        default="retention_2y",
        help="measures --precision applies to (default retention_2y)",
    )
    compare.add_argument(
        "--max-replications",
        type=_positive_int,
        default=100,
        metavar="N",
        help="cap on replications with --precision (default 100)",
    )
    compare.add_argument(
        "--decompose",
        action="store_true",
        help="also attribute the difference between the first two arms to their levers "
        "(runs every combination of the levers in which they differ, on the same seeds)",
    )
    _add_parallel(compare)
    _add_output(compare)


def _add_decompose(sub: Any) -> None:
    """The ``decompose`` command: a policy difference attributed to its levers."""
    decompose = sub.add_parser(
        "decompose",
        help="attribute a policy difference to its levers (one at a time and Shapley)",
        description="Run every combination of the levers in which two policies differ, on "
        "common random numbers, and attribute the difference to each lever: its effect "
        "switched alone (one at a time; the rest is the interaction) and its Shapley value "
        "(its effect averaged over every order of switching; they add up to the total).",
    )
    _add_scenario(decompose)
    decompose.add_argument(
        "--from",
        dest="from_",
        default="traditional",
        metavar="POLICY",
        help="policy the difference is measured from (default traditional)",
    )
    decompose.add_argument(
        "--to",
        default="internal-freelance",
        metavar="POLICY",
        help="policy the difference is measured to (default internal-freelance; "
        "any policy name, the file's arms included)",
    )
    decompose.add_argument(
        "--levers",
        metavar="A,B,...",
        help="levers: internal-fills, redeployment, micro-jobs, pay, or policy attributes "
        "(default: the groups in which the two policies differ)",
    )
    _add_repeats(decompose, 4)
    _add_parallel(decompose)
    _add_output(decompose)


def _add_barriers(sub: Any) -> None:
    """The ``barriers`` command: the barriers to micro-jobs ranked by removing them."""
    from microjob.experiment.barriers import BARRIERS

    barriers = sub.add_parser(
        "barriers",
        help="rank the barriers to micro-jobs (mindset, managers, skills, ...) by removing them",
        description="Remove the barriers between workers and micro-jobs alone and in every "
        "combination, on common random numbers, and rank them by how much removing each "
        "raises participation; the table also shows retention and quits, and each "
        "barrier's Shapley value. Barriers: "
        + "; ".join(f"{b.name} ({b.description})" for b in BARRIERS.values())
        + ".",
    )
    _add_scenario(barriers)
    barriers.add_argument(
        "--policy",
        default="internal-freelance",
        metavar="POLICY",
        help="policy of every company (default internal-freelance; any policy name that "
        "posts micro-jobs, the file's arms included)",
    )
    barriers.add_argument(
        "--barriers",
        metavar="A,B,...",
        help=f"barriers to remove: {', '.join(BARRIERS)} (default: every one that stands "
        "in the scenario and policy)",
    )
    _add_repeats(barriers, 4)
    _add_parallel(barriers)
    _add_output(barriers, "barriers.csv, runs.csv and figures/barriers.png")


def _add_sweep(sub: Any) -> None:
    """The ``sweep`` command: a grid of parameter values."""
    sweep = sub.add_parser("sweep", help="run a grid of parameter values")
    _add_scenario(sweep)
    sweep.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="PATH=V1,V2,...",
        help="a parameter path and its values, e.g. market.offer_rate_per_year=0.2,0.4 "
        "(repeat for a full-factorial grid)",
    )
    _add_repeats(sweep, 3)
    _add_parallel(sweep)
    _add_output(sweep)


def _add_validate(sub: Any) -> None:
    """The ``validate`` command: a scenario against the published facts."""
    validate = sub.add_parser(
        "validate",
        help="check a scenario against published labour-market facts",
        description="Run the scenario with every company under traditional employment and "
        "compare its measures with the calibration targets (BLS tenure, JOLTS quits and "
        "layoffs, NLSY79 jobs held by age; docs/validation.md). A target passes when the "
        "mean over replications lies inside its band. With --out, writes validation.csv, "
        "figures/ (tenure by age, jobs by age, monthly quits and layoffs against the "
        "published figures) and scenario.toml.",
        epilog="Exit codes: 0 every target passes; 1 some target fails (the table is "
        "printed) or the run failed (a message on standard error); 2 bad input.",
    )
    _add_scenario(validate)
    _add_repeats(validate, 4)
    _add_parallel(validate)
    validate.add_argument(
        "--out", metavar="DIR", type=Path, help="write validation.csv and figures here"
    )
    validate.add_argument(
        "--force", action="store_true", help="write into a non-empty --out directory"
    )
    validate.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _add_bench(sub: Any) -> None:
    """The ``bench`` command: simulation speed."""
    bench = sub.add_parser("bench", help="measure simulation speed on this machine")
    _add_scenario(bench)
    bench.add_argument("--repeats", type=_positive_int, default=1, help="runs per policy")
    bench.add_argument(
        "--cold",
        action="store_true",
        help="also time a compile from nothing, in a fresh process (minutes)",
    )


# ------------------------------------------------------------------ helpers


def _scenario(args: argparse.Namespace) -> Scenario:
    from microjob.scenario import Scenario, scenarios

    if args.scenario is not None:
        if getattr(args, "preset", None):
            raise UsageError("give a scenario file or --preset, not both")
        return Scenario.from_toml(_scenario_path(args.scenario))
    preset: str = getattr(args, "preset", None) or "baseline"
    scenario: Scenario = getattr(scenarios, preset)()
    return scenario


def _name(scenario: Scenario) -> str:
    """The scenario's name as the terminal should show it (control characters escaped)."""
    return terminal.printable(scenario.name)


def _scenario_path(name: str) -> Path:
    """The scenario file ``name`` names: as given, or with ``.toml`` added (as ``init`` does)."""
    path = Path(name)
    if path.suffix != ".toml" and not path.exists():
        with_suffix = path.with_name(path.name + ".toml")
        if with_suffix.exists():
            path = with_suffix
    if path.is_dir():
        raise UsageError(f"scenario file {str(path)!r} is a directory")
    if not path.exists():
        raise UsageError(f"scenario file {str(path)!r} does not exist")
    if not path.is_file():
        raise UsageError(f"scenario file {str(path)!r} is not a regular file")
    return path


def _arms(scenario: Scenario, text: str | None, option: str) -> dict[str, Any]:
    """The arms named on the command line (or the scenario's default arms), resolved."""
    from microjob.experiment import resolve_arms

    if text is None:
        return resolve_arms(scenario)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UsageError(f"{option}: give at least one policy")
    try:
        return resolve_arms(scenario, names)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{option}: {_after_where(exc)}") from None


def _after_where(exc: BaseException) -> str:
    """An arm error's message without its API location (``policies['x']: ``)."""
    message = str(exc)
    head, sep, rest = message.partition(": ")
    return rest if sep and head.startswith("policies") else message


MANIFEST = ".microjob-files"
"""The list of files a command wrote into its ``--out`` directory (one relative path a
line): what ``--force`` removes before the next command writes there."""


def _prepare_out(args: argparse.Namespace) -> Path | None:
    """The ``--out`` directory, checked before anything runs: creatable and writable,
    ``figures`` a directory, and with ``--force`` cleared of what the previous command
    wrote (its manifest) and of symbolic links, so nothing is written through one."""
    out: Path | None = getattr(args, "out", None)
    if out is None:
        return None
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {str(out)!r} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise UsageError(f"--out {str(out)!r} is not empty; use --force to write into it")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {str(out)!r}: cannot create it ({exc.strerror})") from None
    if args.force:
        _refuse_unlisted(out)
        _clear_previous(out)
    figures = out / "figures"
    if figures.is_symlink() or (figures.exists() and not figures.is_dir()):
        raise UsageError(f"--out {str(out)!r}: 'figures' in it is not a directory")
    try:
        figures.mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=figures):
            pass
    except OSError as exc:
        raise UsageError(f"--out {str(out)!r}: cannot write there ({exc.strerror})") from None
    args.out_before = _files_in(out)
    return out


def _refuse_unlisted(out: Path) -> None:
    """Refuse ``--force`` on a directory whose files no microjob command listed: with no
    manifest there is no telling which files a previous run wrote and which are the
    user's, and writing beside them would mix old outputs with new."""
    manifest = out / MANIFEST
    unlisted = sorted(_files_in(out))
    if unlisted and not (manifest.is_file() and not manifest.is_symlink()):
        more = f" and {len(unlisted) - 3} more" if len(unlisted) > 3 else ""
        shown = ", ".join(unlisted[:3]) + more
        raise UsageError(
            f"--out {str(out)!r} holds files that no microjob command listed as its own "
            f"({shown}; there is no {MANIFEST}), so --force cannot tell them from yours; "
            "remove them or choose another directory"
        )


def _clear_previous(out: Path) -> None:
    """Remove the files the previous command listed in its manifest, and every symbolic
    link in ``out`` and ``out/figures`` (the links, never what they point to)."""
    manifest = out / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        root = out.resolve()
        for line in manifest.read_text(encoding="utf-8").splitlines():
            path = out / line
            inside = path.parent.resolve().is_relative_to(root)
            if line and inside and path.is_file() and not path.is_symlink():
                path.unlink()
        manifest.unlink()
    for folder in (out, out / "figures"):
        if folder.is_dir() and not folder.is_symlink():
            for path in folder.iterdir():
                if path.is_symlink():
                    path.unlink()


def _files_in(out: Path) -> dict[str, tuple[int, int]]:
    """The regular files in ``out`` and ``out/figures``: relative path to (modification
    time in nanoseconds, inode), which any rewrite changes."""
    found = {}
    for folder in (out, out / "figures"):
        for path in folder.iterdir() if folder.is_dir() else ():
            if path.name != MANIFEST and path.is_file() and not path.is_symlink():
                stat = path.stat()
                found[path.relative_to(out).as_posix()] = (stat.st_mtime_ns, stat.st_ino)
    return found


def _write_manifest(out: Path, before: dict[str, tuple[int, int]]) -> None:
    """List the files in ``out`` that are new or rewritten since ``before``."""
    names = sorted(name for name, key in _files_in(out).items() if before.get(name) != key)
    (out / MANIFEST).write_text("".join(f"{n}\n" for n in names), encoding="utf-8")


def _progress(args: argparse.Namespace) -> bool:
    # A bar on a terminal, one line per finished run elsewhere (logs, batch jobs).
    return not getattr(args, "quiet", False)


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    if getattr(args, "dask", None):
        try:
            from dask.distributed import Client
        except ImportError:
            raise UsageError("--dask needs Dask: pip install 'microjob[dask]'") from None
        try:
            client = Client(args.dask, timeout=30)
        except OSError as exc:
            raise UsageError(f"--dask: cannot reach a scheduler at {args.dask!r}: {exc}") from None
        with client:
            yield client.get_executor()
        return
    from microjob.kernel.warm import probably_cached, warm_up

    if not probably_cached() and _progress(args):
        note = "compiling the engine for this machine (once, about 3 minutes)"
        print(f"microjob: {note}", file=sys.stderr)
    warm_up()  # compile here once if needed, not in every process of a pool
    workers = args.workers or os.cpu_count() or 1
    if workers == 1:
        yield None
        return
    parent = os.getpid()
    with ProcessPoolExecutor(
        max_workers=workers, initializer=exit_with_parent, initargs=(parent,)
    ) as pool:
        yield pool


def exit_with_parent(parent: int, every_seconds: float = 1.0) -> None:
    """In a pool worker: exit as soon as the process ``parent`` is gone. A worker whose
    parent was killed (SIGKILL leaves it no time to stop its pool) would otherwise wait
    for work forever; a daemon thread checks the parent once a second."""
    import threading

    def alive() -> bool:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # pragma: no cover - a process we may not signal exists
            return True
        return True

    def watch() -> None:
        first = os.getppid()  # the parent, or a fork server that the parent started
        while os.getppid() == first and alive():
            time.sleep(every_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _repeat_options(args: argparse.Namespace, executor: Executor | None) -> dict[str, Any]:
    """The keyword arguments every replicated command passes on (compare, sweep, validate)."""
    return {
        "replications": args.replications,
        "seed": args.seed,
        "executor": executor,
        "progress": _progress(args),
        "store": args.store,
    }


def _command_line(argv: Sequence[str]) -> str:
    return "microjob " + " ".join(shlex.quote(a) for a in argv)


# ------------------------------------------------------------------ commands


def _cmd_presets(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.scenario import scenarios

    for name in scenarios.names():
        print(f"{name:10s} {getattr(scenarios, name)().description}")
    return 0


def _cmd_init(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob import _toml
    from microjob.scenario import scenarios

    if args.preset not in scenarios.names():
        raise UsageError(
            f"--preset: unknown preset {args.preset!r}; choose from {', '.join(scenarios.names())}"
        )
    path = Path(args.name)
    if path.suffix != ".toml":
        path = path.with_name(path.name + ".toml")
    if path.exists() and not args.force:
        raise UsageError(f"{str(path)!r} exists; use --force to overwrite it")
    scenario = getattr(scenarios, args.preset)()
    path.write_text(_toml.template(scenario), encoding="utf-8")
    print(f"wrote {path} (the {args.preset!r} preset); edit it, then: microjob compare {path}")
    return 0


def _cmd_run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.simulate import simulate

    scenario = _scenario(args)
    (label, policy), *_ = _arms(scenario, args.policy or SCENARIO_ARM, "--policy").items()
    out = _prepare_out(args)
    result = simulate(scenario, seed=args.seed, policy=policy)
    summary = result.summary()
    print(f"# {_name(scenario)}, policy {label}, seed {args.seed}")
    terminal.print_summary(summary)
    from microjob.report.companies import print_companies  # per company, 2+ companies

    print_companies(result)
    if out is not None:
        from microjob import report

        report.write_run(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _run_examples(
    executor: Executor | None, scenario: Scenario, policies: dict[str, Any], seed: int
) -> dict[str, RunResult]:
    """Replication 0 of each policy with its records, for curves and spells."""
    from microjob.experiment import replication_seeds

    first = replication_seeds(seed, 1)[0]
    if executor is None:
        return {k: _simulate_full(scenario, p, first) for k, p in policies.items()}
    futures = {k: executor.submit(_simulate_full, scenario, p, first) for k, p in policies.items()}
    return {k: f.result() for k, f in futures.items()}


def _simulate_full(scenario: Scenario, policy: Any, seed: Any) -> RunResult:
    """A whole run, records included (a top-level function, so executors can pickle it)."""
    from microjob.simulate import simulate

    result = simulate(scenario, seed=seed, policy=policy)
    result.summary()
    return result


def _cmd_compare(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import compare

    scenario = _scenario(args)
    policies = _arms(scenario, args.arms, "--arms")
    precision = _precision(args)
    ends = _decompose_ends(scenario, policies) if args.decompose else None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        comparison = compare(
            scenario,
            policies,
            **_repeat_options(args, executor),
            precision=precision,
            max_replications=max(args.max_replications, args.replications),
            keep=("retention_curve", "companies") if out is not None else (),
        )
        examples = _run_examples(executor, scenario, policies, args.seed) if out else {}
        decomposition = None
        if ends is not None:
            from microjob.experiment import decompose

            options = _repeat_options(args, executor)
            options["replications"] = comparison.replications
            decomposition = decompose(scenario, from_=ends[0], to=ends[1], **options)
    elapsed = time.perf_counter() - started
    print(
        f"# {_name(scenario)}: {len(policies)} policies x {comparison.replications} replications, "
        f"seed {args.seed} ({comparison.tasks_run} runs computed, {elapsed:.0f} s); "
        "mean [95% CI]"
    )
    if comparison.precision is not None:
        print(f"# {comparison.precision}")
    terminal.print_comparison(comparison)
    if decomposition is not None:
        first, second = list(policies)[:2]
        print(f"\n# where the difference {second} - {first} comes from")
        terminal.print_decomposition(decomposition)
    if out is not None:
        from microjob import report

        report.write_comparison(
            out, comparison, examples, command=_command_line(argv), decomposition=decomposition
        )
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_decompose(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import decompose
    from microjob.experiment.decompose import decomposition_levers

    scenario = _scenario(args)
    levers = None
    if args.levers is not None:
        levers = [n.strip() for n in args.levers.split(",") if n.strip()]
        if not levers:
            raise UsageError("--levers: give at least one lever")
    try:  # check the levers before anything runs: no runs for a typo
        decomposition_levers(scenario, from_=args.from_, to=args.to, levers=levers)
    except (TypeError, ValueError) as exc:
        raise UsageError(_option_names(str(exc))) from None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        result = decompose(
            scenario,
            from_=args.from_,
            to=args.to,
            levers=levers,
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    combos = 2 ** len(result.levers)
    print(
        f"# {_name(scenario)}: {args.from_} -> {args.to}, {len(result.levers)} levers "
        f"({combos} combinations) x {args.replications} replications, seed {args.seed} "
        f"({result.tasks_run} runs computed, {elapsed:.0f} s); mean [95% CI]"
    )
    terminal.print_decomposition(result)
    if out is not None:
        from microjob import report

        report.write_decomposition(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_barriers(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment.barriers import BARRIER_MEASURES, barrier_plan, barriers

    scenario = _scenario(args)
    removed = None
    if args.barriers is not None:
        removed = [n.strip() for n in args.barriers.split(",") if n.strip()]
        if not removed:
            raise UsageError("--barriers: give at least one barrier")
    try:  # check before anything runs: no runs for a typo
        policy, chosen = barrier_plan(scenario, policy=args.policy, removed=removed)
    except (TypeError, ValueError) as exc:
        message = _option_names(str(exc)).replace("removed:", "--barriers:")
        raise UsageError(message.replace("policy:", "--policy:", 1)) from None
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        result = barriers(
            scenario,
            policy=policy,
            removed=[b.name for b in chosen],
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    print(
        f"# {_name(scenario)}: barriers to micro-jobs under {args.policy}, "
        f"{len(chosen)} barriers ({2 ** len(chosen)} combinations) x {args.replications} "
        f"replications, seed {args.seed} ({result.tasks_run} runs computed, {elapsed:.0f} s); "
        "mean [95% CI]"
    )
    terminal.print_barriers(result)
    if out is not None:
        from microjob.report.files import _pandas, _write_csv

        _pandas()
        written = [
            _write_csv(result.table(list(BARRIER_MEASURES)).to_frame(), out / "barriers.csv"),
            _write_csv(result.to_frame(), out / "runs.csv"),
            _barrier_figure(result, out / "figures" / "barriers.png"),
        ]
        print(f"\nwrote {', '.join(str(p) for p in written)}")
    return 0


def _barrier_figure(result: Any, path: Path) -> Path:
    """Participation and retention, barrier by barrier (needs matplotlib)."""
    from microjob import plot

    figure = plot._figure_class()
    path.parent.mkdir(exist_ok=True)
    with plot._style():
        fig = figure(figsize=(11, 4.2), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, measure in zip(axes, ("gig_participation_share", "retention_2y"), strict=True):
            plot.decomposition(result, measure, ax=ax)
        axes[1].get_legend().remove()
        fig.savefig(path, dpi=150, metadata={"Software": None})
    return path


def _decompose_ends(scenario: Scenario, policies: dict[str, Any]) -> tuple[Any, Any]:
    """The two policies ``compare --decompose`` decomposes the difference between, checked."""
    from microjob.experiment.decompose import decomposition_levers

    if len(policies) < 2:
        raise UsageError("--decompose: needs two arms (the first two are decomposed)")
    ends = []
    for label in list(policies)[:2]:
        policy = policies[label]
        if policy is None:  # the scenario as written: one policy only if all companies share it
            found = {c.policy for c in scenario.companies}
            if len(found) != 1:
                raise UsageError(
                    "--decompose: the 'scenario' arm mixes policies; decompose named policies"
                )
            policy = found.pop()
        ends.append(policy)
    try:
        decomposition_levers(scenario, from_=ends[0], to=ends[1])
    except (TypeError, ValueError) as exc:
        raise UsageError(f"--decompose: {exc}") from None
    return ends[0], ends[1]


def _precision(args: argparse.Namespace) -> dict[str, float] | None:
    """``--precision`` as half-width targets by measure (``0.5pp`` of a percentage is 0.005)."""
    from microjob.experiment.tables import _measures

    if args.precision is None:
        return None
    names = [m.strip() for m in args.precision_of.split(",") if m.strip()]
    try:
        _measures(names)
    except ValueError as exc:
        raise UsageError(f"--precision-of: {str(exc).partition(': ')[2]}") from None
    if not names:
        raise UsageError("--precision-of: give at least one measure")
    text = args.precision.strip()
    points = text.endswith("pp")
    try:
        value = float(text[:-2] if points else text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise UsageError(f"--precision: must be a positive number such as 0.5pp, got {text!r}")
    targets = {}
    for name in names:
        info = RunSummary.info(name)
        if points and not info.percent:
            raise UsageError(
                f"--precision: {name} is not a percentage ({info.unit}); give a number in "
                "its own unit"
            )
        targets[name] = value / info.scale if points else value
    return targets


def _option_names(message: str) -> str:
    """An API error message with the API's argument names as the command line's options."""
    for api, option in (("from_", "--from"), ("to", "--to"), ("levers", "--levers")):
        if message.startswith(f"{api}:") or message.startswith(f"{api}["):
            return option + message[len(api) :]
    return message


def _parse_value(text: str) -> Any:
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _cmd_sweep(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.experiment import sweep

    if not args.sets:
        raise UsageError("give at least one --set PATH=V1,V2,...")
    grid: dict[str, list[Any]] = {}
    for item in args.sets:
        path, sep, values = item.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise UsageError(f"--set: expected PATH=V1,V2,..., got {item!r}")
        if path.strip() in grid:
            raise UsageError(f"--set: {path.strip()!r} given twice")
        grid[path.strip()] = [_parse_value(v.strip()) for v in values.split(",")]
    scenario = _scenario(args)
    out = _prepare_out(args)
    with _executor(args) as executor:
        result = sweep(
            scenario,
            grid,
            **_repeat_options(args, executor),
            keep=("companies",) if out is not None else (),  # companies.csv, poaching.csv
        )
    print(
        f"# {_name(scenario)}: {len(result.points)} points x {args.replications} replications, "
        f"seed {args.seed} ({result.tasks_run} runs computed); mean [95% CI]"
    )
    shown = terminal.KEY_MEASURES[:4]
    agg = result.aggregate(list(shown))
    header = [*result.parameters, *(terminal.label(field) for field in shown)]
    rows = []
    for i, point in enumerate(result.points):
        row = [str(getattr(v, "kind", v)) for v in point.values()]
        row += [terminal.interval(agg.get(f"point {i}", f), *terminal.scaled(f)) for f in shown]
        rows.append(row)
    terminal.print_rows(header, rows)
    if out is not None:
        from microjob import report

        report.write_sweep(out, result, command=_command_line(argv))
        print(f"\nwrote {out}/ (report.html, CSVs, figures)")
    return 0


def _cmd_validate(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob import calibration

    scenario = _scenario(args)
    out = _prepare_out(args)
    started = time.perf_counter()
    with _executor(args) as executor:
        report = calibration.validate(
            scenario,
            **_repeat_options(args, executor),
        )
    elapsed = time.perf_counter() - started
    print(report)
    computed = report.comparison.tasks_run if report.comparison is not None else 0
    print(f"({computed} runs computed, {elapsed:.0f} s)")
    if out is not None:
        report.write_csv(out / "validation.csv")
        scenario.to_toml(out / "scenario.toml")
        written = "validation.csv, scenario.toml"
        try:
            report.save_figures(out / "figures")
            written += ", figures/"
        except ImportError as exc:
            print(f"microjob: note: no figures written: {exc}", file=sys.stderr)
        print(f"\nwrote {out}/ ({written})")
    return 0 if report.all_passed else 1


def _cmd_bench(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from microjob.kernel.warm import cold_compile_seconds, warm_up
    from microjob.simulate import simulate

    scenario = _scenario(args)
    ready = warm_up()
    how = "compiled now and cached on disk" if ready.compiled else "loaded from the on-disk cache"
    print(f"# compiled engine ready in {ready.seconds:.1f} s ({how})")
    if args.cold:
        print(f"# a compile from nothing takes {cold_compile_seconds():.0f} s in a fresh process")
    print(f"# {_name(scenario)}: best of {args.repeats} run(s) per policy, one process")
    rows = []
    for policy in (entry.policy_class() for entry in POLICY_KINDS):
        best = math.inf
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = simulate(scenario, seed=1, policy=policy)
            best = min(best, time.perf_counter() - start)
        years = result.summary().worker_years
        events = float(result.stats.events)
        rows.append(
            [
                policy.kind,
                f"{best:.2f}",
                f"{years / best:,.0f}",
                terminal.number(events / best, 0) if events == events else "n/a",
            ]
        )
    terminal.print_rows(["policy", "seconds", "worker-years/s", "events/s"], rows)
    print("\n(benchmarks/ in the source tree has the full throughput, scaling, survival")
    print("and parallel benchmarks)")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, Sequence[str]], int]] = {
    "presets": _cmd_presets,
    "init": _cmd_init,
    "run": _cmd_run,
    "compare": _cmd_compare,
    "decompose": _cmd_decompose,
    "barriers": _cmd_barriers,
    "sweep": _cmd_sweep,
    "validate": _cmd_validate,
    "bench": _cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``microjob`` and ``python -m microjob``; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _build_parser().parse_args(argv)
    except SystemExit as exc:  # usage errors (2) and --help (0) end here
        return exc.code if isinstance(exc.code, int) else 2
    from microjob.experiment import StoreMismatchError

    try:
        return _COMMANDS[args.command](args, argv)
    except BrokenPipeError:  # output piped into a pager or `head` that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt:
        kept = f"; finished runs are kept in {args.store}" if getattr(args, "store", None) else ""
        print(f"microjob: interrupted{kept}", file=sys.stderr)
        return 130
    except (UsageError, StoreMismatchError, ValueError, TypeError) as exc:
        message = str(exc).strip() or type(exc).__name__
        lines = [terminal.printable(line) for line in message.splitlines()]
        print(f"microjob: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(f"  {line}", file=sys.stderr)
        return 2
    except MemoryError:  # past the estimate of kernel.run.check_memory: the OS said no
        print(
            "microjob: error: out of memory; make the scenario smaller "
            "(population.outside_workers, companies[].roles[].positions) "
            "or run it where more memory is available",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # anything else: one line, no traceback
        print(
            f"microjob: error: {type(exc).__name__}: {terminal.printable(str(exc))}",
            file=sys.stderr,
        )
        return 1
    finally:  # whatever happened, list what this command wrote for the next --force
        before = getattr(args, "out_before", None)
        if before is not None:
            with suppress(OSError):
                _write_manifest(args.out, before)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
