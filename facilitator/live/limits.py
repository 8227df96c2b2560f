"""Bounds on what one phone or one address may ask of the server."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Rate:
    """A token bucket: `burst` requests at once, then `per_second` on average."""

    per_second: float
    burst: int


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 4096
    # A phone taps, retries and reconnects; a script floods. These sit between the two.
    attendee_writes: Rate = Rate(per_second=5, burst=20)
    address_requests: Rate = Rate(per_second=50, burst=200)
    # Several people may share an address (a guest Wi-Fi behind one router).
    address_joins: Rate = Rate(per_second=0.5, burst=30)
    # Guessing a 5-character code: 10 wrong tries, then one a minute.
    wrong_codes: Rate = Rate(per_second=1 / 60, burst=10)
    streams_per_attendee: int = 4
    streams: int = 3000


@dataclass
class RateLimiter:
    """Token buckets by key (an attendee, an address), with a bounded number of keys."""

    rate: Rate
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 20_000
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def _level(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.rate.burst), now))
        return min(float(self.rate.burst), tokens + (now - then) * self.rate.per_second)

    def allow(self, key: str, cost: float = 1.0) -> bool:
        now = self.clock()
        tokens = self._level(key, now)
        if tokens < cost:
            self._buckets[key] = (tokens, now)
            return False
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._forget_full(now)
        self._buckets[key] = (tokens - cost, now)
        return True

    def blocked(self, key: str) -> bool:
        """Whether the next request would be refused, without spending anything."""
        return self._level(key, self.clock()) < 1.0

    def _forget_full(self, now: float) -> None:
        # A full bucket holds no history worth keeping.
        for key in [k for k in self._buckets if self._level(k, now) >= self.rate.burst]:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:
            self._buckets.clear()
