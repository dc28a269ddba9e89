"""Stale-if-error on the schema floor: each operation gets a FreshnessLog (the shared cache
writes into it), fields read their value's freshness from it, and the response lists every
field served stale in `extensions.stale [{ path connector asOf }]`.

A field that knows which cached read it shows claims it (`served_freshness`), which gives
the entry its path; a stale read no field claimed is still listed, with `path: null` and
its `domain`, so a stale answer is never silent."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from datetime import UTC, datetime
from typing import Any

from strawberry.extensions import SchemaExtension

from connectors.stale import Freshness, FreshnessLog, current_log, freshness_scope
from schema.context import Info


class StaleReads(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        self.log = FreshnessLog()
        with freshness_scope(self.log):
            yield

    def get_results(self) -> dict[str, Any]:
        log: FreshnessLog | None = getattr(self, "log", None)
        if log is None or not log.stale_reads:
            return {}
        entries: list[dict[str, Any]] = [
            _entry(list(f.path), f.freshness) for f in log.stale_fields
        ]
        entries += [{**_entry(None, r.freshness), "domain": r.domain} for r in log.unclaimed()]
        return {"stale": entries}


def _entry(path: list[str | int] | None, freshness: Freshness) -> dict[str, Any]:
    return {"path": path, "connector": freshness.source, "asOf": freshness.as_of.isoformat()}


def served_freshness(info: Info, method: str, key: Hashable, source: object) -> Freshness:
    """The freshness of the value read by (method, key), claimed for this field. A read
    the cache did not see (caching off for its domain) was fetched just now."""
    log = current_log()
    freshness = log.of(method, key) if log is not None else None
    if freshness is None:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else ""
        if log is not None:
            return log.fetched_now(name)
        return Freshness(datetime.now(UTC), False, name)
    assert log is not None
    if freshness.stale:  # only a stale value is named by its path: built only then
        log.claim(method, key, tuple(info.path.as_list()))
    return freshness
