"""Reference runs: restructuring the engine must not change a single result.

The fingerprints in ``tests/data/reference_runs.json`` were computed before
the engine was restructured; each covers a run's records, summary, final
worker states and (for the small preset) every tracker event. The suite
recomputes the small-preset entries and two short ones; ``python -m tests.reference_runs --check``
recomputes them all.
"""

from __future__ import annotations

import pytest

from .reference_runs import REFERENCES, Reference, committed, fingerprint

SUITE = {
    "baseline/internal-freelance/seed=1/short",
    "mixed/as-scenario/seed=1/short",
    "baseline/internal-freelance/seed=1/short/benefits-only",
}
"""Besides the small preset: one short baseline run with micro-jobs, and one mixed run
with each company's own policy (the rest run with ``python -m tests.reference_runs``)."""
CHEAP = [r for r in REFERENCES if r.preset == "small" or r.key in SUITE]


def test_every_reference_has_a_committed_fingerprint() -> None:
    assert sorted(committed()) == sorted(r.key for r in REFERENCES)


@pytest.mark.parametrize("ref", CHEAP, ids=lambda r: r.key)
def test_reference_run_is_unchanged(ref: Reference) -> None:
    assert fingerprint(ref) == committed()[ref.key], f"{ref.key}: results moved"
