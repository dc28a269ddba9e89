"""An emulator served from the test's own event loop, and the bench connector on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bench.connector import SPEC, BenchConnector
from bench.emulator import RunningEmulator, serve
from connectors.base import ConnectorEnv


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    running = await serve(latency_s=0.0)
    yield running
    await running.aclose()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
def connector(
    emulator: RunningEmulator, session: aiohttp.ClientSession, tmp_path: Path
) -> BenchConnector:
    settings = SPEC.parse_settings({"base_url": emulator.base_url})
    return BenchConnector(settings, ConnectorEnv("upstream", session, tmp_path))
