"""A fresh Voucherify emulator per test (fresh state and counts) and a way to build
connectors on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.voucherify import SPEC, VoucherifyConnector
from tests.emulators.voucherify import RunningVoucherify, serve
from tests.unit.voucherify.support import INSTANCE, Make, settings_for


@pytest.fixture
async def voucherify() -> AsyncIterator[RunningVoucherify]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def make(voucherify: RunningVoucherify, session: aiohttp.ClientSession, tmp_path: Path) -> Make:
    async def build(start: bool = True, **overrides: Any) -> VoucherifyConnector:
        settings = SPEC.parse_settings(settings_for(voucherify, **overrides))
        connector = SPEC.factory(settings, ConnectorEnv(INSTANCE, session, tmp_path))
        assert isinstance(connector, VoucherifyConnector)
        if start:
            await connector.start()
        return connector

    return build
