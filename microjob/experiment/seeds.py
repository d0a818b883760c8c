"""Replication seeds and fingerprints: what makes two runs the same run.

Replication ``r`` uses the ``r``-th child of ``SeedSequence(seed)``; a task is
keyed by a hash of what it computes (scenario, policy, seed, package version).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from microjob.policies import LEVERS, Policy
from microjob.scenario import Scenario

Seed = int | np.random.SeedSequence


def replication_seeds(seed: Seed, replications: int) -> tuple[np.random.SeedSequence, ...]:
    """The seeds of replications ``0 .. replications - 1``.

    They equal ``SeedSequence(seed).spawn(replications)`` but are built
    without spawning, so a ``SeedSequence`` passed in is not changed and the
    same call always gives the same seeds.
    """
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications: must be a positive integer, got {replications!r}")
    if isinstance(seed, np.random.SeedSequence):
        root = seed
    elif isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0:
        root = np.random.SeedSequence(int(seed))
    else:
        raise ValueError(
            f"seed: must be a non-negative integer or a numpy SeedSequence, got {seed!r}"
        )
    return tuple(
        np.random.SeedSequence(
            entropy=root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size
        )
        for i in range(replications)
    )


def replication_seed(seed: Seed, replication: int) -> np.random.SeedSequence:
    """The seed of replication ``replication`` (from 0) of an experiment with root ``seed``.

    ``simulate(scenario, seed=seed, replication=r)`` runs on it, so it reproduces
    replication ``r`` of ``compare(..., seed=seed)`` or ``sweep(..., seed=seed)``.
    """
    if isinstance(replication, bool) or not isinstance(replication, int) or replication < 0:
        raise ValueError(f"replication: must be a non-negative integer, got {replication!r}")
    return replication_seeds(seed, replication + 1)[replication]


def _seed_text(seed: np.random.SeedSequence) -> str:
    return f"{seed.entropy}/{'.'.join(str(k) for k in seed.spawn_key)}"


def _canonical(obj: Any) -> Any:
    """A JSON-able form of ``obj`` that is equal exactly when the objects are.

    Floats are written in hexadecimal, so no digit is lost and NaN is a value.
    """
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return {"float": float(obj).hex()}
    if attrs.has(type(obj)):
        # Fields marked ``run=False`` (a scenario's arms) change no run, so no fingerprint.
        fields = {
            f.name: _canonical(getattr(obj, f.name))
            for f in attrs.fields(type(obj))
            if f.metadata.get("run", True)
        }
        return {"class": type(obj).__qualname__, "fields": fields}
    if isinstance(obj, Policy):
        # A user's policy that is not an attrs class: the engine reads only its levers.
        levers = {name: _canonical(getattr(obj, name)) for name in ("kind", *LEVERS)}
        return {"class": type(obj).__qualname__, "levers": levers}
    if isinstance(obj, np.ndarray):
        return {"array": str(obj.dtype), "shape": list(obj.shape), "data": _canonical(obj.tolist())}
    if isinstance(obj, list | tuple):
        return [_canonical(x) for x in obj]
    if isinstance(obj, Mapping):
        return {"map": sorted((json.dumps(_canonical(k)), _canonical(v)) for k, v in obj.items())}
    raise TypeError(f"cannot fingerprint a {type(obj).__name__}: {obj!r}")


def _digest(obj: Any) -> str:
    text = json.dumps(_canonical(obj), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """A fingerprint of everything in ``scenario`` (hex SHA-256): equal scenarios, equal hash."""
    return _digest(scenario)


def _version() -> str:
    from microjob._version import __version__

    return __version__
