"""A real Strapi 5 (shared with the contract suite), a counting proxy in front of it (the
`proxy` fixture, ../conftest.py), and Strapi connectors built on the proxy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.strapi import SPEC, StrapiConnector
from tests.upstreams.proxy import CountingProxy
from tests.upstreams.strapi import server

INSTANCE = "cms"
MakeConnector = Callable[..., StrapiConnector]


@pytest.fixture(scope="session")
async def strapi() -> server.StrapiServer:
    return await asyncio.to_thread(server.shared)


@pytest.fixture(scope="session")
async def upstream_proxy(strapi: server.StrapiServer) -> AsyncIterator[CountingProxy]:
    async with CountingProxy(strapi.base_url) as proxy:
        yield proxy


@pytest.fixture
def make_connector(
    strapi: server.StrapiServer,
    proxy: CountingProxy,
    session: aiohttp.ClientSession,
    tmp_path: Path,
) -> MakeConnector:
    def make(**settings: Any) -> StrapiConnector:
        raw = {"base_url": proxy.base_url, "api_token": strapi.api_token, **settings}
        connector = SPEC.factory(
            SPEC.parse_settings(raw), ConnectorEnv(INSTANCE, session, tmp_path)
        )
        assert isinstance(connector, StrapiConnector)
        return connector

    return make


@pytest.fixture
def connector(make_connector: MakeConnector) -> StrapiConnector:
    return make_connector()
