"""A connector spec for tests (`kind = "tests.support.slow:SLOW"`): the sample back office
whose product search hangs, so a test has a request that runs away. It touches
`started_marker` when a search begins, so the test knows the request is in flight."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import ConnectorEnv, ConnectorSpec
from connectors.sample import SPEC as SAMPLE


@dataclass(frozen=True)
class SlowSettings:
    database: str = ""
    delay_s: float = 3600.0
    started_marker: str = ""


class SlowSearchConnector:
    def __init__(self, inner: Any, settings: SlowSettings) -> None:
        self._inner = inner
        self._settings = settings
        self.name = inner.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def search(self, *args: Any) -> Any:
        if self._settings.started_marker:
            await asyncio.to_thread(Path(self._settings.started_marker).touch)
        await asyncio.sleep(self._settings.delay_s)
        return await self._inner.search(*args)


def _build(settings: SlowSettings, env: ConnectorEnv) -> Any:
    inner = SAMPLE.factory(SAMPLE.settings_type(database=settings.database), env)
    return SlowSearchConnector(inner, settings)


SLOW = ConnectorSpec(
    name="slow-sample",
    domains=SAMPLE.domains,
    settings_type=SlowSettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
)
