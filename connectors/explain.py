"""Query explain on the connector floor: while an operation asked to be explained, every
guarded SPI call and every shared-cache lookup of it is written down here, per connector
instance and method (calls, batch sizes, time, errors, cache hits, misses and stale
serves). The schema floor adds which fields each loader served and turns the log into
`extensions.explain` (schema/explain.py). Off (the contextvar unset) it costs one lookup
per call."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class MethodFigures:
    calls: int = 0
    batch_sizes: list[int] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CacheFigures:
    hits: int = 0
    misses: int = 0
    stale: int = 0


@dataclass(slots=True)
class LoaderFigures:
    keys: int = 0
    fields: dict[str, None] = field(default_factory=dict)  # ordered, distinct


class ExplainLog:
    def __init__(self) -> None:
        self.methods: dict[tuple[str, str], MethodFigures] = {}
        self.caches: dict[tuple[str, str], CacheFigures] = {}
        self.loaders: dict[str, LoaderFigures] = {}

    def call(
        self, instance: str, method: str, batch: int, seconds: float, error: str | None
    ) -> None:
        figures = self.methods.setdefault((instance, method), MethodFigures())
        figures.calls += 1
        figures.batch_sizes.append(batch)
        figures.seconds += seconds
        if error is not None:
            figures.errors.append(error)

    def cache_lookup(self, instance: str, domain: str, hits: int, misses: int) -> None:
        figures = self.caches.setdefault((instance, domain), CacheFigures())
        figures.hits += hits
        figures.misses += misses

    def stale_served(self, instance: str, domain: str, entries: int) -> None:
        self.caches.setdefault((instance, domain), CacheFigures()).stale += entries

    def loaded(self, loader: str, keys: int) -> None:
        self.loaders.setdefault(loader, LoaderFigures()).keys += keys

    def served(self, loader: str, field_name: str) -> None:
        self.loaders.setdefault(loader, LoaderFigures()).fields[field_name] = None

    def report(self) -> dict[str, Any]:
        instances: dict[str, dict[str, Any]] = {}
        for (instance, method), m in self.methods.items():
            entry = instances.setdefault(instance, {"methods": [], "cache": []})
            entry["methods"].append({
                "method": method, "calls": m.calls, "batchSizes": m.batch_sizes,
                "ms": round(m.seconds * 1000, 3), "errors": m.errors,
            })  # fmt: skip
        for (instance, domain), c in self.caches.items():
            entry = instances.setdefault(instance, {"methods": [], "cache": []})
            entry["cache"].append(
                {"domain": domain, "hits": c.hits, "misses": c.misses, "stale": c.stale}
            )
        return {
            "connectors": [{"instance": name, **entry} for name, entry in instances.items()],
            "loaders": [
                {"loader": name, "keys": f.keys, "fields": list(f.fields)}
                for name, f in self.loaders.items()
            ],
        }


explaining: contextvars.ContextVar[ExplainLog | None] = contextvars.ContextVar(
    "omnicanal_explain", default=None
)


def current() -> ExplainLog | None:
    return explaining.get()
