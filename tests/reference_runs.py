"""Reference runs: fingerprints of whole runs that a restructuring must keep.

Each entry names a preset, a policy (or ``None``: the preset's own policies),
a seed and a horizon (``"full"``, or ``"short"``: 3 years of warm-up and 3 of
window, cheap enough for the test suite), and optionally a variant of the
scenario (``"benefits-only"``: the preset as it was before micro-jobs had costs,
read from a scenario file with every parameter written out, whose fingerprints
must never move: with no costs, the micro-job channel is the old one). Its
fingerprint covers every record (spells, micro-jobs, moves), the summary, the
final state of every worker and, where ``events`` is set, every event a tracker
saw.

``python -m tests.reference_runs --check`` recomputes every entry (the full
ones take a few minutes on two cores); ``--write`` rewrites the committed
fingerprints, which is only right when a change is *meant* to move results.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import attrs

import microjob as mj

DATA = Path(__file__).with_name("data") / "reference_runs.json"

POLICIES: dict[str | None, Any] = {
    None: None,
    "traditional": mj.TraditionalEmployment(),
    "internal-freelance": mj.InternalFreelance(),
}


@attrs.frozen
class Reference:
    """One reference run."""

    preset: str
    policy: str | None
    seed: int
    horizon: str = "full"
    events: bool = False
    variant: str = ""

    @property
    def key(self) -> str:
        key = f"{self.preset}/{self.policy or 'as-scenario'}/seed={self.seed}/{self.horizon}"
        return f"{key}/{self.variant}" if self.variant else key

    def scenario(self) -> mj.Scenario:
        if self.variant == "benefits-only":
            # The scenario as it was before micro-jobs had costs, every parameter
            # written out, so that later defaults cannot move it.
            name = f"{self.preset}_short" if self.horizon == "short" else self.preset
            return mj.Scenario.from_toml(DATA.with_name(f"{name}_benefits_only.toml"))
        s = getattr(mj.scenarios, self.preset)()
        if self.horizon == "short":
            s = attrs.evolve(s, warmup_years=3.0, horizon_years=3.0)
        return s


REFERENCES = (
    *(
        Reference("small", policy, seed, events=True)
        for policy in ("traditional", "internal-freelance")
        for seed in (1, 2, 3)
    ),
    *(
        Reference(preset, policy, seed, "short")
        for preset in ("baseline", "mixed")
        for policy in ("traditional", "internal-freelance")
        for seed in (1, 2)
    ),
    Reference("mixed", None, 1, "short"),
    *(
        Reference("baseline", policy, seed)
        for policy in ("traditional", "internal-freelance")
        for seed in (1, 2)
    ),
    *(Reference("mixed", policy, 1) for policy in (None, "traditional", "internal-freelance")),
    *(
        Reference("small", "internal-freelance", seed, events=True, variant="benefits-only")
        for seed in (1, 2)
    ),
    Reference("baseline", "internal-freelance", 1, "short", variant="benefits-only"),
)
"""Every reference run; the test suite recomputes those that are not ``full`` and large."""


ADDED_MEASURES = (
    "graduate_hired_within_6m_share",
    "nongraduate_hired_within_6m_share",
    "graduate_gap_closed_per_year",
    "openness_mean",
    "open_share",
    *mj.measures.PLATFORM_MEASURES,
)
"""Measures added after the fingerprints were written (credentials, openness, the
platform). They are left out of the fingerprint, so that it keeps covering exactly what
it covered; their values in runs without credentials or the platform are tested on their
own (tests/test_credentials.py, tests/test_barriers.py, tests/test_platform.py)."""


class _EventHash:
    """A tracker that folds every event into a hash."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def observe(self, event: mj.SimEvent) -> None:
        self.hash.update(repr(event).encode("utf-8"))


def fingerprint(ref: Reference) -> str:
    """The fingerprint of one reference run (hex SHA-256)."""
    trackers = [_EventHash()] if ref.events else []
    result = mj.simulate(
        ref.scenario(), seed=ref.seed, policy=POLICIES[ref.policy], trackers=trackers
    )
    h = hashlib.sha256()
    h.update(repr((result.spells, result.gigs, result.moves)).encode("utf-8"))
    summary = result.summary().as_dict()
    kept = {k: v for k, v in summary.items() if k not in ADDED_MEASURES}
    h.update(repr(sorted(kept.items())).encode("utf-8"))
    for worker in result.workers:
        h.update(repr(attrs.astuple(worker)).encode("utf-8"))
    if trackers:
        h.update(trackers[0].hash.digest())
    return h.hexdigest()


def committed() -> dict[str, str]:
    """The committed fingerprints by key."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the committed file")
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with ProcessPoolExecutor(args.workers) as pool:
        prints = dict(
            zip(
                (r.key for r in REFERENCES),
                pool.map(fingerprint, REFERENCES),
                strict=True,
            )
        )
    if args.write:
        DATA.parent.mkdir(exist_ok=True)
        DATA.write_text(json.dumps(prints, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {len(prints)} fingerprints to {DATA}")
        return 0
    expected = committed()
    bad = [k for k in prints if expected.get(k) != prints[k]]
    for k in prints:
        print(("CHANGED " if k in bad else "same    ") + k)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
