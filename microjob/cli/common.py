"""What the commands share: the usage error, and the scenario, arms and command line
a command was given."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microjob import _terminal as terminal

if TYPE_CHECKING:
    from microjob.scenario import Scenario


class UsageError(Exception):
    """Bad input from the user: exit code 2 with this message."""


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


def _option_names(message: str) -> str:
    """An API error message with the API's argument names as the command line's options."""
    for api, option in (("from_", "--from"), ("to", "--to"), ("levers", "--levers")):
        if message.startswith(f"{api}:") or message.startswith(f"{api}["):
            return option + message[len(api) :]
    return message


def _command_line(argv: Sequence[str]) -> str:
    return "microjob " + " ".join(shlex.quote(a) for a in argv)
