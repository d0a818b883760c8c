"""Learning by doing and forgetting; market value and the wage level.

Skills change continuously, so they are advanced in closed form between a
worker's events (:func:`microjob.engine.rates.relax`): a used skill moves
toward 1 at a rate set by its use share in the role, an unused one decays
toward its forgetting floor. A worker's rate and target vectors change only
when their role (or their peak in an unused skill) changes, which is when
:meth:`SkillDynamics.set_use` or :meth:`SkillDynamics.refresh_target` runs.
Micro-jobs add their learning when they end (``microjobs.py``).
"""

from __future__ import annotations

import math

import numpy as np

from microjob.scenario import WEEKS_PER_YEAR

from .base import EngineBase
from .rates import relax

__all__ = ["SkillDynamics"]


class SkillDynamics(EngineBase):
    """Skill dynamics over the worker table, and what skills are worth."""

    def advance(self, w: int, t: float) -> None:
        """Bring worker ``w``'s skills to time ``t`` (closed form)."""
        workers = self.workers
        dt = t - workers.skills_at[w]
        if dt > 0.0:
            p = workers.proficiency[w]
            relax(p, workers.target[w], workers.rate[w], dt, out=p)
            np.maximum(workers.peak[w], p, out=workers.peak[w])
            workers.skills_at[w] = t

    def advance_many(self, ids: np.ndarray, t: float) -> None:
        """Bring the skills of every worker in ``ids`` to time ``t``."""
        workers = self.workers
        dt = (t - workers.skills_at[ids])[:, None]
        new = relax(workers.proficiency[ids], workers.target[ids], workers.rate[ids], dt)
        workers.proficiency[ids] = new
        workers.peak[ids] = np.maximum(workers.peak[ids], new)
        workers.skills_at[ids] = t

    def set_use(self, w: int) -> None:
        """Set skill use from the worker's role (time shares with spillover): the
        rates and targets of their skill dynamics, and the role's interest fit."""
        workers = self.workers
        c = workers.employer[w]
        if c < 0:  # nothing in use: every skill decays toward its floor
            workers.role_fit[w] = 0.0
            workers.rate[w] = self.forget_rate
            self.set_floor(w)
            return
        r = workers.role[w]
        roles = self.roles[c]
        workers.rate[w] = roles.learn_rate[r]
        self.refresh_target(w, c, r)
        key = (w, c, r)
        fit = self.role_fit_cache.get(key)
        if fit is None:
            fit = self.role_fit_cache[key] = float(workers.wants[w] @ roles.share[r])
        workers.role_fit[w] = fit

    def set_floor(self, w: int) -> np.ndarray:
        """Set every target of worker ``w`` to its forgetting floor and return them:
        the proficiency at entry plus ``forgetting_floor_share`` of the peak gain."""
        workers = self.workers
        target, base = workers.target[w], workers.entry_proficiency[w]
        np.subtract(workers.peak[w], base, target)
        np.maximum(target, self.zeros_k, out=target)
        np.multiply(target, self.floor_share_k, target)
        np.add(target, base, target)
        return target

    def refresh_target(self, w: int, c: int, r: int) -> None:
        """Targets of the skill dynamics: 1 for skills role ``r`` of company ``c``
        uses, the forgetting floor (which moves with the peak) for the others."""
        self.set_floor(w)[self.roles[c].used[r]] = 1.0

    def value_on_market(self, w: int, t: float) -> float:
        """Worker ``w``'s market value at ``t``, given their proficiency on record:
        ``W0(t) exp(prices . proficiency)``."""
        return self.base_wage(t) * math.exp(float(self.workers.proficiency[w] @ self.skill_prices))

    def wage_index(self, t: float) -> float:
        """Market wage level at ``t`` relative to time 0 (deflates costs to time-0 currency)."""
        return math.exp(self.market.wage_growth_per_year * t / WEEKS_PER_YEAR)

    def base_wage(self, t: float) -> float:
        """W0 at time ``t``: market wages grow at ``wage_growth_per_year``."""
        return self.market.base_wage_per_year * math.exp(
            self.market.wage_growth_per_year * t / WEEKS_PER_YEAR
        )
