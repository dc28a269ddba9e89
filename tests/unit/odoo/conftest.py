"""A fresh Odoo emulator per test (fresh counts) and a way to build connectors on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from odoo_support import INSTANCE, Make, settings_for

from connectors.base import ConnectorEnv
from connectors.odoo import SPEC, OdooConnector
from tests.emulators.odoo import RunningOdoo, serve


@pytest.fixture
async def odoo() -> AsyncIterator[RunningOdoo]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def make(odoo: RunningOdoo, session: aiohttp.ClientSession, tmp_path: Path) -> Make:
    async def build(start: bool = True, **overrides: Any) -> OdooConnector:
        settings = SPEC.parse_settings(settings_for(odoo, **overrides))
        connector = SPEC.factory(settings, ConnectorEnv(INSTANCE, session, tmp_path))
        assert isinstance(connector, OdooConnector)
        if start:
            await connector.start()
        return connector

    return build
