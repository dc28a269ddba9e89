"""What the connector floor tells an observer: each guarded SPI call (instance, method,
batch size, duration, error code), each HTTP retry, each breaker state, each cache
lookup. The floor defines the interface and a silent default; the gateway installs its
Prometheus recorder at start-up (gateway/metrics.py), so connectors never import the
gateway nor a metrics library, and a connector package tested alone records nothing.

`call_tally` counts the connector calls of the current request (the access log's
`connector_calls`): the request sets a fresh tally, the tasks it spawns share it."""

from __future__ import annotations

import contextvars
from typing import Protocol


class Observer(Protocol):
    def connector_call(
        self, instance: str, method: str, batch: int, seconds: float, error: str | None
    ) -> None: ...

    def retry(self, instance: str) -> None: ...

    def breaker_state(self, instance: str, state: str) -> None: ...

    def cache_lookup(self, instance: str, domain: str, hits: int, misses: int) -> None: ...

    def stale_served(self, instance: str, domain: str, entries: int) -> None: ...


class SilentObserver:
    def connector_call(
        self, instance: str, method: str, batch: int, seconds: float, error: str | None
    ) -> None:
        pass

    def retry(self, instance: str) -> None:
        pass

    def breaker_state(self, instance: str, state: str) -> None:
        pass

    def cache_lookup(self, instance: str, domain: str, hits: int, misses: int) -> None:
        pass

    def stale_served(self, instance: str, domain: str, entries: int) -> None:
        pass


class CallTally:
    """A mutable count, so that calls made in tasks spawned by the request add to it."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        self.calls = 0


_observer: Observer = SilentObserver()
call_tally: contextvars.ContextVar[CallTally | None] = contextvars.ContextVar(
    "omnicanal_call_tally", default=None
)


def observer() -> Observer:
    return _observer


def install(chosen: Observer) -> None:
    global _observer
    _observer = chosen


def count_call() -> None:
    tally = call_tally.get()
    if tally is not None:
        tally.calls += 1
