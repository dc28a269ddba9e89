"""The commercetools connector against @labdigital/commercetools-mock (tests/upstreams/
commercetools), its upstream calls counted by a proxy in front of it. The mock is started
and seeded once per run and shared with the integration tests.

Upstream calls are the project API's requests (`/{projectKey}/...`); token requests are
not data and are not counted. The connector reads its token and the reference data at
start-up, so a batch counts its own calls. Sign-in uses the OAuth password flow: the mock
has no `POST /{projectKey}/login`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.commercetools import SPEC
from tests.contract.providers import UnderTest
from tests.contract.reprice import commercetools_mover
from tests.upstreams.commercetools import dataset, server
from tests.upstreams.proxy import CountingProxy

NAME = "commercetools"
# For a conftest that marks parametrised providers: the mock is the integration tier.
MARKS = (pytest.mark.integration,)


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    mock = await asyncio.to_thread(server.shared)
    async with CountingProxy(mock.base_url) as proxy, aiohttp.ClientSession() as session:
        parsed = SPEC.parse_settings(dataset.connector_settings(proxy.base_url))
        connector = SPEC.factory(parsed, ConnectorEnv(NAME, session, data_dir))
        await connector.start()
        try:
            yield UnderTest(
                NAME,
                SPEC,
                connector,
                lambda: proxy.count(f"/{dataset.PROJECT_KEY}/"),
                customer_id=mock.seeded.customers[dataset.DEMO_EMAIL],
                credentials=(dataset.DEMO_EMAIL, dataset.DEMO_PASSWORD),
                promotion_code=dataset.LIVE_CODE,
                move_price=commercetools_mover(mock.port),
            )
        finally:
            await connector.aclose()
