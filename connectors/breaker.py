"""A circuit breaker per connector instance: after `consecutive_failures` upstream failures
in a row, or a failure rate of `failure_rate` over `window_s` (once `min_calls` calls were
seen), it opens and every call fails at once with CircuitOpen, reaching no upstream. After
`cooldown_s` one call is let through as a probe (half-open): its success closes the
circuit, its failure re-opens it for another cool-down. Every change of state is one
log line.

Only failures that say the upstream is sick count (timeouts, unavailable, unreadable
answers). A user's mistake, a 404 or a misconfigured credential is an answer: it says the
upstream is up."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from connectors.errors import (
    CircuitOpen,
    UpstreamBadResponse,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors.window import SlidingCounts

log = logging.getLogger("omnicanal.breaker")
T = TypeVar("T")
SICK = (UpstreamTimeout, UpstreamUnavailable, UpstreamBadResponse)
FAILURE = "failure"
SUCCESS = "success"


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class BreakerSettings:
    consecutive_failures: int = 5
    failure_rate: float = 0.5
    min_calls: int = 20
    window_s: float = 10.0
    cooldown_s: float = 5.0


class CircuitBreaker:
    def __init__(
        self,
        connector: str,
        settings: BreakerSettings = BreakerSettings(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.connector = connector
        self.settings = settings
        self._clock = clock
        self._window = SlidingCounts(settings.window_s, clock)
        self._state = State.CLOSED
        self._consecutive = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> State:
        if self._state is State.OPEN and self._cooled_down():
            return State.HALF_OPEN  # the next call will be the probe
        return self._state

    async def call(self, run: Callable[[], Awaitable[T]]) -> T:
        probe = self.admit()
        try:
            result = await run()
        except BaseException as exc:
            self.settle(probe, exc)
            raise
        self.settle(probe, None)
        return result

    def settle(self, probe: bool, error: BaseException | None) -> None:
        """The outcome of a call `admit` let through (`call` in two halves, for a caller
        that awaits the upstream itself)."""
        if error is None:
            self._succeeded(probe)
        elif isinstance(error, SICK):
            self._failed(probe)
        elif probe:
            # An answer from an upstream that is up (user error, 404, bad credentials),
            # or a cancellation: says nothing about the upstream's health.
            self._probing = False

    def admit(self) -> bool:
        """Whether this call is the half-open probe; raises CircuitOpen if it may not run."""
        if self._state is State.CLOSED:
            return False
        if self._state is State.OPEN and self._cooled_down():
            self._move(State.HALF_OPEN, "cool-down over, probing")
        if self._state is State.HALF_OPEN and not self._probing:
            self._probing = True
            return True
        raise CircuitOpen(self.connector, f"circuit {self._state.value}")

    def _failed(self, probe: bool) -> None:
        self._window.add(FAILURE)
        self._consecutive += 1
        if probe:
            self._probing = False
            self._open("the probe failed")
        elif self._state is State.CLOSED and self._tripped():
            self._open(self._why())

    def _succeeded(self, probe: bool) -> None:
        self._window.add(SUCCESS)
        self._consecutive = 0
        if probe:
            self._probing = False
            self._window.clear()
            self._move(State.CLOSED, "the probe succeeded")

    def _tripped(self) -> bool:
        if self._consecutive >= self.settings.consecutive_failures:
            return True
        failures = self._window.total(FAILURE)
        calls = failures + self._window.total(SUCCESS)
        return calls >= self.settings.min_calls and failures >= self.settings.failure_rate * calls

    def _why(self) -> str:
        if self._consecutive >= self.settings.consecutive_failures:
            return f"{self._consecutive} consecutive failures"
        return f"failure rate over {self.settings.window_s:g} s"

    def _open(self, why: str) -> None:
        self._opened_at = self._clock()
        self._move(State.OPEN, why)

    def _cooled_down(self) -> bool:
        return self._clock() - self._opened_at >= self.settings.cooldown_s

    def _move(self, state: State, why: str) -> None:
        if state is not self._state:
            log.warning("circuit of %s %s: %s", self.connector, state.value, why)
        self._state = state
