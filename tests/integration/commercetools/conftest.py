"""The commercetools mock (shared with the contract suite), a scripted counting proxy in
front of it (the `proxy` fixture, ../conftest.py), and commercetools connectors built on
the proxy."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from connectors.base import ConnectorEnv
from connectors.commercetools import SPEC, CommercetoolsConnector
from tests.upstreams.commercetools import dataset, server
from tests.upstreams.proxy import CountingProxy, Fault

INSTANCE = "commerce"
API = f"/{dataset.PROJECT_KEY}/"
MakeConnector = Callable[..., CommercetoolsConnector]
Hook = Callable[[web.Request], Awaitable[None]]


class ScriptedProxy(CountingProxy):
    """A CountingProxy that can also answer one request of a given method and path with a
    fault, or run a hook before forwarding it, leaving the requests around it untouched."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self._scripts: list[tuple[str, str, str, Fault | Hook]] = []
        self.methods: list[tuple[str, str]] = []

    def on(
        self, method: str, path: str, action: Fault | Hook, times: int = 1, query: str = ""
    ) -> None:
        """The next `times` requests `method` to a path starting with `path` (and with
        `query` in their query string) get `action`."""
        self._scripts.extend([(method, path, query, action)] * times)

    def clear_faults(self) -> None:
        super().clear_faults()
        self._scripts.clear()

    def api_calls(self, method: str | None = None, path: str = API) -> int:
        return sum(1 for m, p in self.methods if p.startswith(path) and method in (None, m))

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        self.methods.append((request.method, request.path))
        for index, (method, path, query, action) in enumerate(self._scripts):
            if (
                request.method == method
                and request.path.startswith(path)
                and query in request.query_string
            ):
                del self._scripts[index]
                if isinstance(action, Fault):
                    self.calls[request.path] += 1
                    self.queries.append(request.query_string)
                    headers = dict(action.headers)
                    return web.Response(status=action.status, body=action.body, headers=headers)
                await action(request)
                break
        return await super()._forward(request)


class DirectApi:
    """Another client of the same project, acting behind the connector's back."""

    def __init__(
        self, mock: server.CommercetoolsMockServer, session: aiohttp.ClientSession
    ) -> None:
        self._mock = mock
        self._session = session
        self._token = ""

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        if not self._token:
            secret = f"{self._mock.client_id}:{self._mock.client_secret}".encode()
            headers = {"Authorization": "Basic " + base64.b64encode(secret).decode()}
            data = {"grant_type": "client_credentials"}
            url = self._mock.base_url + "/oauth/token"
            async with self._session.post(url, data=data, headers=headers) as response:
                self._token = (await response.json())["access_token"]
        url = f"{self._mock.base_url}/{self._mock.project_key}{path}"
        headers = {"Authorization": f"Bearer {self._token}"}
        async with self._session.request(method, url, json=body, headers=headers) as response:
            assert response.status < 300, await response.text()
            return await response.json()

    async def touch_cart(self, cart_id: str) -> None:
        """An update by someone else: the cart's version moves on."""
        cart = await self.call("GET", f"/carts/{cart_id}")
        email = f"touch-{cart['version']}@omnicanal.dev"
        action = {"action": "setCustomerEmail", "email": email}
        await self.call(
            "POST", f"/carts/{cart_id}", {"version": cart["version"], "actions": [action]}
        )


@pytest.fixture(scope="session")
async def mock() -> server.CommercetoolsMockServer:
    return await asyncio.to_thread(server.shared)


@pytest.fixture(scope="session")
async def upstream_proxy(mock: server.CommercetoolsMockServer) -> AsyncIterator[ScriptedProxy]:
    async with ScriptedProxy(mock.base_url) as proxy:
        yield proxy


@pytest.fixture
def direct(mock: server.CommercetoolsMockServer, session: aiohttp.ClientSession) -> DirectApi:
    return DirectApi(mock, session)


@pytest.fixture
def make_connector(
    proxy: ScriptedProxy, session: aiohttp.ClientSession, tmp_path: Path
) -> MakeConnector:
    def make(**settings: Any) -> CommercetoolsConnector:
        raw = {**dataset.connector_settings(proxy.base_url), **settings}
        connector = SPEC.factory(
            SPEC.parse_settings(raw), ConnectorEnv(INSTANCE, session, tmp_path)
        )
        assert isinstance(connector, CommercetoolsConnector)
        return connector

    return make


@pytest.fixture
async def connector(make_connector: MakeConnector) -> CommercetoolsConnector:
    """A started connector: token and reference data already read."""
    started = make_connector()
    await started.start()
    return started
