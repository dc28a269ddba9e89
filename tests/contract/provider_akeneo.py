"""The Akeneo connector against the Akeneo emulator, for the catalog contract suite.

Upstream calls are every REST request the emulator serves (products, product models,
categories, the PIM structure); token requests are not data and are not counted. The
connector reads its token and the structure at start-up, so a batch counts its own calls.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from connectors.akeneo import SPEC
from connectors.base import ConnectorEnv
from tests.contract.providers import UnderTest
from tests.emulators.akeneo import CLIENT_ID, PASSWORD, SECRET, USERNAME, serve

NAME = "akeneo"


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    emulator = await serve()
    try:
        async with aiohttp.ClientSession() as session:
            settings = SPEC.parse_settings(
                {
                    "base_url": emulator.base_url,
                    "client_id": CLIENT_ID,
                    "client_secret": SECRET,
                    "username": USERNAME,
                    "password": PASSWORD,
                }
            )
            connector = SPEC.factory(settings, ConnectorEnv(NAME, session, data_dir))
            await connector.start()
            try:
                yield UnderTest(NAME, SPEC, connector, emulator.calls)
            finally:
                await connector.aclose()
    finally:
        await emulator.aclose()
