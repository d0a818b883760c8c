"""Layoffs and redeployment.

Every job can be cut: the hazard is a constant part plus a new-hire part that
fades with tenure (:func:`~microjob.engine.rates.draw_layoff_due`). Where the
policy redeploys, a share of cuts (``redeployment_share``) are role cuts, and
the worker moves to the vacant position of another role that fits their
skills best, if it fits well enough (``redeployment_min_fit``); every other
cut is a layoff.
"""

from __future__ import annotations

import numpy as np

from .careers import Careers
from .rates import draw_layoff_due

__all__ = ["Layoffs"]


class Layoffs(Careers):
    """When jobs are cut, and what happens to the people in them."""

    def draw_layoff(self, w: int, t: float) -> None:
        """Draw when the worker's job will be cut (armed by the caller)."""
        workers = self.workers
        workers.layoff_due[w] = draw_layoff_due(
            self.market, t, workers.hired_at[w], self.streams["layoffs"]
        )

    def job_cut(self, w: int) -> None:
        """The worker's job is cut: redeployment where the policy allows, else a layoff."""
        t = self.calendar.now
        if not self.redeploy(w, t):
            self.end_spell(w, t, "layoff")
            self.schedule_offer(w, t)

    def redeploy(self, w: int, t: float) -> bool:
        """Try to move a worker whose role is cut into a vacant position of another
        role; return whether they moved."""
        workers = self.workers
        c = workers.employer[w]
        if c >= self.n_simulated:
            return False
        policy = self.policies[c]
        vacant = self.positions[c].vacant
        if not (
            policy.redeployment
            and vacant
            and self.streams["layoffs"].uniform() < policy.redeployment_share
        ):
            return False
        own = workers.role[w]
        position_role = self.positions[c].role
        candidates = [s for s in vacant if position_role[s] != own]
        self.advance(w, t)
        share = self.roles[c].share
        p = workers.proficiency[w]
        fits = np.array([p @ share[position_role[s]] for s in candidates])
        best = int(np.argmax(fits)) if candidates else -1
        if candidates and fits[best] >= policy.redeployment_min_fit:
            self.draw_layoff(w, t)  # the new position can be cut in its turn
            self.internal_move(w, c, candidates[best], t, "redeployment")
            return True
        return False
