"""What the measure modules share: a ratio that is NaN when there is nothing to
divide by."""

from __future__ import annotations

import math


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan
