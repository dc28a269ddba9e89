"""The Strapi connector against a real Strapi 5 (tests/upstreams/strapi), its upstream calls
counted by a proxy in front of it. Strapi is started once per run and shared with the
integration tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.strapi import SPEC
from tests.contract.providers import UnderTest
from tests.upstreams.proxy import CountingProxy
from tests.upstreams.strapi import seed, server

NAME = "strapi"
# For a conftest that marks parametrised providers: Strapi is the slow, integration tier.
MARKS = (pytest.mark.integration,)


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    strapi = await asyncio.to_thread(server.shared)
    async with CountingProxy(strapi.base_url) as proxy, aiohttp.ClientSession() as session:
        settings = SPEC.parse_settings({"base_url": proxy.base_url, "api_token": strapi.api_token})
        connector = SPEC.factory(settings, ConnectorEnv(NAME, session, data_dir))
        await connector.start()
        try:
            yield UnderTest(
                NAME,
                SPEC,
                connector,
                proxy.count,
                page_handle="home",
                known_product_ids=seed.PRODUCT_IDS[:20],
            )
        finally:
            await connector.aclose()
