"""The Voucherify connector against the Voucherify emulator, for the loyalty suites.

Upstream calls are every request the emulator answers. The connector reads the programme
(tiers, rewards, earning rules) at start-up, so a batch counts its own calls. Voucherify
serves no catalog: points are asked for SKUs it does not know, as a composed back office
does (the loyalty programme earns on what is paid, whichever system's SKU it is)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from connectors.base import ConnectorEnv
from connectors.voucherify import SPEC
from tests.contract.providers import UnderTest
from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, serve

NAME = "voucherify"
MEMBER = "LC-ALICE-01"


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    emulator = await serve()
    try:
        async with aiohttp.ClientSession() as session:
            settings = SPEC.parse_settings(
                {
                    "base_url": emulator.base_url,
                    "app_id": APP_ID,
                    "app_token": APP_TOKEN,
                    "campaign_id": CAMPAIGN_ID,
                }
            )
            connector = SPEC.factory(settings, ConnectorEnv(NAME, session, data_dir))
            await connector.start()
            try:
                yield UnderTest(
                    NAME,
                    SPEC,
                    connector,
                    emulator.calls,
                    customer_id=MEMBER,
                    known_skus=("SKU-TOMATO-01", "SKU-ROSE-02"),
                )
            finally:
                await connector.aclose()
    finally:
        await emulator.aclose()
