"""A connector spec for tests (`kind = "tests.support.hanging:HANGING"`): the sample back
office whose named batch methods never answer, as a back end that hangs; each hanging call
is counted, so a test can see the breaker stop them."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

from connectors.base import DOMAINS, ConnectorEnv, ConnectorSpec
from connectors.sample import SPEC as SAMPLE

HANG_S = 30.0  # far beyond any deadline; the gateway cuts it long before
HUNG_CALLS: Counter[str] = Counter()
HUNG_CANCELLED: Counter[str] = Counter()  # the hanging calls the gateway gave up on


class HangingConnector:
    def __init__(self, inner: Any, hanging: frozenset[str]) -> None:
        self._inner = inner
        self._hanging = hanging
        self.name = inner.name

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._inner, method)
        if method not in self._hanging:
            return target

        async def hang(*args: Any) -> Any:
            HUNG_CALLS[method] += 1
            try:
                await asyncio.sleep(HANG_S)
            except asyncio.CancelledError:
                HUNG_CANCELLED[method] += 1
                raise
            return await target(*args)

        return hang


@dataclass(frozen=True)
class HangingSettings:
    database: str = ""
    hanging: str = ""  # comma-separated method names that never answer


def _build(settings: HangingSettings, env: ConnectorEnv) -> Any:
    inner = SAMPLE.factory(SAMPLE.settings_type(database=settings.database), env)
    return HangingConnector(inner, frozenset(m for m in settings.hanging.split(",") if m))


HANGING = ConnectorSpec(
    name="hanging-sample",
    domains=frozenset(DOMAINS),
    settings_type=HangingSettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
    cache_ttls=SAMPLE.cache_ttls,
)
