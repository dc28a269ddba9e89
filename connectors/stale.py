"""What one operation was served, and how fresh it was: the per-request record the shared
cache writes and the schema floor reads.

The cache sits below GraphQL and returns plain values (the dataloader contract); it notes
here, per cached read, when the value was fetched, whether it was served stale (past its
TTL, because the upstream failed) and which connector instance it came from. The record is
carried by a contextvar: one is opened per operation (schema/stale.py), and the loader
tasks that run the connector calls inherit it. Outside an operation nothing is recorded."""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from connectors.errors import CircuitOpen, UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable
from connectors.model_init import fast_init

# Failures that say the upstream is sick (the breaker's, plus the breaker itself): a stale
# value is better than none. A refused credential or a user's mistake is an answer, and is
# never papered over with old data.
STALE_SERVABLE = (UpstreamTimeout, UpstreamUnavailable, UpstreamBadResponse, CircuitOpen)


@fast_init
@dataclass(frozen=True, slots=True)
class Freshness:
    as_of: datetime  # when the value was fetched from the upstream
    stale: bool  # served past its TTL because the upstream failed
    source: str  # the connector instance


@dataclass(frozen=True, slots=True)
class StaleRead:
    domain: str
    method: str
    key: Hashable
    freshness: Freshness


@dataclass(frozen=True, slots=True)
class StaleField:
    path: tuple[str | int, ...]
    freshness: Freshness


class FreshnessLog:
    """Cached reads of one operation by (method, key); the stale ones in order; and the
    fields that said they showed a stale value."""

    def __init__(self) -> None:
        self._reads: dict[tuple[str, Hashable], Freshness] = {}
        self.stale_reads: list[StaleRead] = []
        self.stale_fields: list[StaleField] = []
        self._claimed: set[tuple[str, Hashable]] = set()
        self._fetched_now: dict[str, Freshness] = {}

    def record(self, domain: str, method: str, key: Hashable, freshness: Freshness) -> None:
        read = (method, key)
        if freshness.stale and self._reads.get(read) != freshness:
            self.stale_reads.append(StaleRead(domain, method, key, freshness))
        self._reads[read] = freshness

    def of(self, method: str, key: Hashable) -> Freshness | None:
        return self._reads.get((method, key))

    def fetched_now(self, source: str) -> Freshness:
        """The freshness of a read the cache did not see: fetched during this operation,
        stamped once per source (a listing makes one per product otherwise)."""
        found = self._fetched_now.get(source)
        if found is None:
            found = self._fetched_now[source] = Freshness(datetime.now(UTC), False, source)
        return found

    def claim(self, method: str, key: Hashable, path: tuple[str | int, ...]) -> None:
        """A field shows the value read by (method, key): name the field if it was stale."""
        freshness = self._reads.get((method, key))
        if freshness is not None and freshness.stale:
            self.stale_fields.append(StaleField(path, freshness))
            self._claimed.add((method, key))

    def unclaimed(self) -> list[StaleRead]:
        """Stale reads no field has named (a domain whose types do not claim them)."""
        return [r for r in self.stale_reads if (r.method, r.key) not in self._claimed]


_CURRENT: ContextVar[FreshnessLog | None] = ContextVar("omnicanal_freshness", default=None)


@contextlib.contextmanager
def freshness_scope(log: FreshnessLog) -> Iterator[FreshnessLog]:
    token = _CURRENT.set(log)
    try:
        yield log
    finally:
        try:
            _CURRENT.reset(token)
        except ValueError:
            # Left in another context than it was entered (a streamed operation whose
            # hooks run in two tasks): leave that one clean instead.
            _CURRENT.set(None)


def current_log() -> FreshnessLog | None:
    return _CURRENT.get()
