"""Login throttling (登录限流): after a few failed sign-ins within a window, further attempts for the same
username or from the same client address are refused before any password is hashed, so a guessing flood
costs a dictionary lookup, not an scrypt.

`LoginThrottle` keeps its counts in this process's memory, which suits the embedded single-process
default; a deployment with several processes can hand the app another object with the same two methods
(`attempt`, `succeeded`) backed by a shared store.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """At most `failures` failed attempts per key within `window` seconds."""

    failures: int
    window: float


# an office behind one address shares the second limit, so it is the looser one
PER_USERNAME = Limit(failures=5, window=15 * 60)
PER_ADDRESS = Limit(failures=20, window=15 * 60)
MAX_KEYS = 100_000  # bounds the memory a flood of made-up usernames can take


class LoginThrottle:
    """Failed sign-ins per username and per client address, in memory, safe across threads."""

    def __init__(
        self,
        per_username: Limit = PER_USERNAME,
        per_address: Limit = PER_ADDRESS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limits = {"user": per_username, "addr": per_address}
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, username: str, address: str) -> int:
        """Seconds until this username may try again from this address, or 0: go ahead. An attempt let
        through counts as a failure at once, until `succeeded` says otherwise, so concurrent guesses
        cannot all slip past one check."""
        now = self.clock()
        with self._lock:
            wait = max(self._wait(key, now) for key in self._keys(username, address))
            if not wait:
                if len(self._failures) >= MAX_KEYS:
                    self._forget_stale(now)
                for key in self._keys(username, address):
                    self._failures.setdefault(key, deque()).append(now)
        return wait

    def succeeded(self, username: str, address: str) -> None:
        """A correct password clears the username's count and takes this attempt off the address's; the
        address's earlier failures run out on their own, so one valid account cannot reset the count
        for guesses at the others."""
        with self._lock:
            self._failures.pop(("user", username), None)
            times = self._failures.get(("addr", address))
            if times:
                times.pop()

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple[str, str]]:
        return [("user", username), ("addr", address)]

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        """The key's failures still inside its window (older ones are dropped)."""
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.limits[key[0]].window:
            times.popleft()
        return times

    def _wait(self, key: tuple[str, str], now: float) -> int:
        limit = self.limits[key[0]]
        times = self._recent(key, now)
        if len(times) < limit.failures:
            return 0
        return max(1, math.ceil(times[-limit.failures] + limit.window - now))

    def _forget_stale(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]
        while len(self._failures) >= MAX_KEYS:  # all still counting: drop the oldest keys
            del self._failures[next(iter(self._failures))]


def retry_message(seconds: int) -> str:
    """When to try again, in Chinese: whole minutes, or seconds under a minute."""
    when = f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"
    return f"登录失败次数过多，请 {when}后再试"
