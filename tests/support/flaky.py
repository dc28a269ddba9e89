"""A connector spec for stale-if-error tests (`kind = "tests.support.flaky:FLAKY"`): the
sample back office behind a switch a test flips at run time (`FAULTS.broken`), with a
short inventory TTL so an entry expires within the test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.base import DOMAINS, ConnectorEnv, ConnectorSpec
from connectors.errors import UpstreamUnavailable
from connectors.sample import SPEC as SAMPLE
from tests.support.instrumented import BATCH_METHODS

INVENTORY_TTL_S = 0.3


class Faults:
    """Batch methods that fail now, and how many calls each method received."""

    def __init__(self) -> None:
        self.broken: frozenset[str] = frozenset()
        self.calls: dict[str, int] = {}


FAULTS = Faults()


class FlakyConnector:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.name = inner.name

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._inner, method)
        if method not in BATCH_METHODS:
            return target

        async def call(*args: Any) -> Any:
            FAULTS.calls[method] = FAULTS.calls.get(method, 0) + 1
            if method in FAULTS.broken:
                raise UpstreamUnavailable(self.name, f"{method}: switched off")
            return await target(*args)

        return call


@dataclass(frozen=True)
class FlakySettings:
    database: str = ""


def _build(settings: FlakySettings, env: ConnectorEnv) -> Any:
    return FlakyConnector(SAMPLE.factory(SAMPLE.settings_type(database=settings.database), env))


FLAKY = ConnectorSpec(
    name="flaky-sample",
    domains=frozenset(DOMAINS),
    settings_type=FlakySettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
    cache_ttls={**SAMPLE.cache_ttls, "inventory": INVENTORY_TTL_S},
)
