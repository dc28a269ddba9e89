"""A fresh Akeneo emulator per test (fresh tokens, counts and fault switches) and a
started connector on it; `make` builds more connectors with other settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from akeneo_support import INSTANCE, Make, settings_for

from connectors.akeneo import SPEC, AkeneoConnector
from connectors.base import ConnectorEnv
from tests.emulators.akeneo import RunningAkeneo, serve


@pytest.fixture
async def akeneo() -> AsyncIterator[RunningAkeneo]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def make(akeneo: RunningAkeneo, session: aiohttp.ClientSession, tmp_path: Path) -> Make:
    async def build(start: bool = True, **overrides: Any) -> AkeneoConnector:
        settings = SPEC.parse_settings(settings_for(akeneo, **overrides))
        connector = SPEC.factory(settings, ConnectorEnv(INSTANCE, session, tmp_path))
        assert isinstance(connector, AkeneoConnector)
        if start:
            await connector.start()
        return connector

    return build


@pytest.fixture
async def connector(make: Make, akeneo: RunningAkeneo) -> AkeneoConnector:
    built = await make()
    akeneo.counts.clear()  # start-up reads (token, structure) are not the tests' business
    return built
