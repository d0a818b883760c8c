"""Trackers see micro-jobs in the public vocabulary (``MicroJob``)."""

from __future__ import annotations

import microjob as mj


class _Collect:
    def __init__(self) -> None:
        self.events: list[mj.SimEvent] = []

    def observe(self, event: mj.SimEvent) -> None:
        self.events.append(event)


def test_micro_job_events_carry_micro_jobs() -> None:
    tracker = _Collect()
    result = mj.simulate(
        mj.scenarios.small(), seed=3, policy=mj.InternalFreelance(), trackers=[tracker]
    )
    names = set(result.scenario.catalog.names)
    by_kind: dict[str, list[mj.MicroJob]] = {}
    for ev in tracker.events:
        if ev.kind.startswith("gig_") and "micro_job" in ev.detail:
            job = ev.detail["micro_job"]
            assert isinstance(job, mj.MicroJob)
            assert job.id == ev.detail["job"]
            assert job.company == ev.company
            assert set(job.teaches) <= names and set(job.required) <= set(job.teaches)
            by_kind.setdefault(ev.kind, []).append(job)
    posted, started = by_kind["gig_posted"], by_kind["gig_start"]
    assert all(j.status == "open" for j in posted)
    assert all(j.status == "filled" and j.bonus > 0 for j in started)
    assert all(j.status == "unfilled" for j in by_kind.get("gig_unfilled", []))
    assert len(posted) == len(started) + len(by_kind.get("gig_unfilled", []))
    # Every gig recorded in the window was announced when it started.
    started_ids = {j.id for j in started}
    assert {g.job for g in result.gigs} <= started_ids
