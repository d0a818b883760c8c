"""What the benchmark scripts share: the platform they ran on and their JSON output."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from typing import Any


def platform_info() -> dict[str, str]:
    """Machine and operating system, for the JSON report."""
    return {"machine": platform.machine(), "system": platform.system()}


def write_json(path: str | None, report: dict[str, Any]) -> None:
    """Write ``report`` as indented JSON to ``path`` (nothing when ``path`` is None)."""
    if not path:
        return
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=2)
        fh.write("\n")
    print(f"Wrote {path}")


def best_of(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Shortest wall time of ``repeats`` calls of ``run`` and the value of that call."""
    best_s, best_value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = run()
        elapsed = time.perf_counter() - start
        if elapsed < best_s:
            best_s, best_value = elapsed, value
    return best_s, best_value
