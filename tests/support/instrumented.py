"""Connector specs for tests, usable from a configuration file like any other
(`kind = "tests.support.instrumented:COUNTING"`): the sample back office wrapped so a test
can count the SPI calls the gateway makes, or make one domain fail."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connectors.base import DOMAINS, ConnectorEnv, ConnectorSpec
from connectors.errors import UpstreamUnavailable
from connectors.sample import SPEC as SAMPLE

BATCH_METHODS = {
    "products", "products_by_handle", "products_by_sku", "categories", "categories_by_handle",
    "search", "prices", "stock", "stores", "stores_by_code", "all_stores", "pages",
    "product_content", "customers", "carts", "orders", "orders_by_customer", "accounts",
    "points_for",
}  # fmt: skip


class Recorder:
    """Calls per method and the keys of each call, shared by every wrapped instance."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.keys: dict[str, list[int]] = {}

    def record(self, method: str, keys: object) -> None:
        self.calls[method] += 1
        size = len(keys) if isinstance(keys, Sequence) else 1
        self.keys.setdefault(method, []).append(size)

    def reset(self) -> None:
        self.calls.clear()
        self.keys.clear()


RECORDER = Recorder()


class InstrumentedConnector:
    """Delegates everything to the wrapped connector, recording or failing batch calls."""

    def __init__(self, inner: Any, failing: frozenset[str]) -> None:
        self._inner = inner
        self._failing = failing
        self.name = inner.name

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._inner, method)
        if method not in BATCH_METHODS:
            return target

        async def call(keys: Any, *rest: Any) -> Any:
            RECORDER.record(method, keys)
            if method in self._failing:
                raise UpstreamUnavailable(self.name, f"{method}: injected failure")
            return await target(keys, *rest)

        return call


@dataclass(frozen=True)
class InstrumentedSettings:
    database: str = ""
    seed: int = 7
    failing: str = ""  # comma-separated method names that raise UpstreamUnavailable


def _build(settings: InstrumentedSettings, env: ConnectorEnv) -> Any:
    inner = SAMPLE.factory(
        SAMPLE.settings_type(database=settings.database, seed=settings.seed), env
    )
    failing = frozenset(m for m in settings.failing.split(",") if m)
    return InstrumentedConnector(inner, failing)


INSTRUMENTED = ConnectorSpec(
    name="instrumented-sample",
    domains=frozenset(DOMAINS),
    settings_type=InstrumentedSettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
    cache_ttls=SAMPLE.cache_ttls,
)
