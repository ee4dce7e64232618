"""Per-user rate limits with state that expires, so a flood cannot grow memory without bound."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    """Allow each key at most `rate` events in any `per` seconds (a sliding window)."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._warned: set[str] = set()
        self._next_sweep = clock() + per

    def allow(self, key: str) -> bool:
        """Record an event for key and return whether it is within the limit; refusals are not counted."""
        if self.rate <= 0:
            return True
        now = self._clock()
        self._sweep(now)
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.per:
            events.popleft()
        if len(events) >= self.rate:
            return False
        events.append(now)
        self._warned.discard(key)
        return True

    def warn_once(self, key: str) -> bool:
        """Return True for the first refusal of key since it was last allowed, so a flood is told to slow down once."""
        if key in self._warned:
            return False
        self._warned.add(key)
        return True

    def retry_after(self, key: str) -> float:
        """Return the seconds until key may act again (0 when it may now)."""
        events = self._events.get(key)
        if not events or len(events) < self.rate:
            return 0.0
        return max(0.0, events[0] + self.per - self._clock())

    @property
    def tracked(self) -> int:
        """Return how many keys hold state right now."""
        return len(self._events)

    def _sweep(self, now: float) -> None:
        """Forget keys whose every event is older than the window, at most once a window."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.per
        expired = [key for key, events in self._events.items() if not events or events[-1] <= now - self.per]
        for key in expired:
            del self._events[key]
        self._warned.intersection_update(self._events)
