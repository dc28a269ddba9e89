"""The request deadline, carried to every connector call by a contextvar.

The gateway opens one scope per operation; every upstream call below it (however deep, in
whatever dataloader batch) asks `remaining()` how long it may take. A write lifts the
deadline (`no_deadline()`): abandoning a write half-way, or starving the compensation that
undoes one, costs more than a slow answer, so writes are bounded by their connector's own
timeout instead."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from connectors.model_init import fast_init

Clock = Callable[[], float]
# Below this, an attempt cannot succeed: it is refused without reaching the upstream.
MIN_ATTEMPT_S = 0.05


@fast_init
@dataclass(frozen=True, slots=True)
class Deadline:
    at: float
    clock: Clock

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())


_CURRENT: ContextVar[Deadline | None] = ContextVar("omnicanal_deadline", default=None)


@contextlib.contextmanager
def deadline_scope(seconds: float, clock: Clock = time.monotonic) -> Iterator[Deadline]:
    """Everything awaited inside must finish within `seconds`; a scope opened inside
    another never extends the outer deadline."""
    deadline = Deadline(clock() + seconds, clock)
    outer = _CURRENT.get()
    if outer is not None and outer.remaining() < deadline.remaining():
        deadline = outer
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def no_deadline() -> Iterator[None]:
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def remaining() -> float | None:
    """Seconds left before the current deadline, None when no deadline applies."""
    deadline = _CURRENT.get()
    return None if deadline is None else deadline.remaining()


def bounded(timeout_s: float) -> float:
    """A call's own timeout, cut to the time left."""
    left = remaining()
    return timeout_s if left is None else min(timeout_s, left)
