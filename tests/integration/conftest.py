"""What the integration packages share: an aiohttp session, and `proxy`, the session-wide
counting proxy each package puts in front of its upstream (its `upstream_proxy` fixture),
with any fault a test scripted cleared before and after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from tests.upstreams.proxy import CountingProxy


@pytest.fixture
def proxy(upstream_proxy: CountingProxy) -> Iterator[CountingProxy]:
    upstream_proxy.clear_faults()
    yield upstream_proxy
    upstream_proxy.clear_faults()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session
