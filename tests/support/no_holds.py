"""A connector spec for tests (`kind = "tests.support.no_holds:NO_HOLDS"`): the sample back
office without its StockHolds capability, as a back end that takes stock for orders but
cannot hold it (the mutations that need holds must answer NOT_SUPPORTED)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.base import ConnectorEnv, ConnectorSpec
from connectors.protocols import StockHolds
from connectors.sample import SPEC as SAMPLE

HIDDEN = frozenset(
    name for name in dir(StockHolds) if not name.startswith("_")
)  # reserve, cancel_reservation, reservations, reservations_by_customer


@dataclass(frozen=True)
class NoHoldsSettings:
    database: str = ""


class NoHoldsConnector:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.name = inner.name

    def __getattr__(self, name: str) -> Any:
        if name in HIDDEN:
            raise AttributeError(name)
        return getattr(self._inner, name)


def _build(settings: NoHoldsSettings, env: ConnectorEnv) -> Any:
    return NoHoldsConnector(SAMPLE.factory(SAMPLE.settings_type(database=settings.database), env))


NO_HOLDS = ConnectorSpec(
    name="sample-without-holds",
    domains=SAMPLE.domains,
    settings_type=NoHoldsSettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
)
