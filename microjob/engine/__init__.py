"""The SimPy engine, one module per mechanism.

Read the modules in this order:

* ``streams`` -- named random streams (common random numbers);
* ``calendar`` -- SimPy with cheap cancellable timers (the only SimPy coupling);
* ``rates`` -- the pure mathematics: offer thresholds, accepted-offer rates,
  conditional draws, the layoff hazard, skill dynamics;
* ``state`` -- the worker table, roles, positions, rosters and tallies;
* ``base`` -- one run's state and the transitions between the rooms;
* the rooms: ``learning`` (skills and market value), ``careers`` (spells,
  offers, quits, match quality), ``layoffs`` (cuts and redeployment),
  ``vacancies`` (internal and external fills, vacancy chains), ``reviews``
  (annual pay and peer effects), ``microjobs`` (the internal marketplace),
  ``population`` (the starting labour force, entry, retirement);
* ``core`` -- the rooms put together, and :func:`run`.

Only :func:`microjob.simulate` is public; everything here may change.
"""

from __future__ import annotations

from .core import Engine, run

__all__ = ["Engine", "run"]
