"""The plan's scale (SPEC §5): the worth of each level, and levels from the target_level shorthand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scale:
    low: float = 1.0
    high: float = 5.0
    below: float = 0.0  # below_first_level

    def worth(self, k: int, n: int) -> float:
        """The worth of level k (1-based) on an n-level ladder."""
        if n <= 1:
            return float(self.high)
        return self.low + (k - 1) * (self.high - self.low) / (n - 1)


def shorthand_levels(target: float, target_level: int, step: float, count: int, direction: str) -> list[float]:
    """``target_level: 3, step: 5`` with target 80 (higher) → 70 75 80 85 90."""
    sign = 1 if direction == "higher" else -1
    return [target + sign * (k - target_level) * step for k in range(1, count + 1)]
