"""Shared fixtures and hypothesis profiles.

Profiles: ``ci`` (the default; a few fixed examples per property, quick and
reproducible) and ``thorough`` (300 random examples). Choose one with
``HYPOTHESIS_PROFILE=thorough``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import microjob as mj

from .helpers import TrackedRun, tracked_run

settings.register_profile(
    "ci",
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI cannot flake
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def small_scenario() -> mj.Scenario:
    """The ``small`` preset (2 companies of 60, 300 outside workers, 5 + 10 years)."""
    return mj.scenarios.small()


@pytest.fixture(scope="session")
def small_traditional(small_scenario: mj.Scenario) -> TrackedRun:
    """The small preset under traditional employment, seed 1, with every event logged."""
    return tracked_run(small_scenario, seed=1, policy=mj.TraditionalEmployment())


@pytest.fixture(scope="session")
def small_freelance(small_scenario: mj.Scenario) -> TrackedRun:
    """The small preset under the default internal-freelance policy, seed 1, events logged."""
    return tracked_run(small_scenario, seed=1, policy=mj.InternalFreelance())


@pytest.fixture(scope="session", params=["traditional", "internal_freelance"])
def small_run(request: pytest.FixtureRequest) -> TrackedRun:
    """Both small-preset runs in turn."""
    name = "small_traditional" if request.param == "traditional" else "small_freelance"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site built once with ``mkdocs build --strict`` (tests of the
    site and of the API reference read it)."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out
