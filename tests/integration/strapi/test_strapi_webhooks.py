"""Real Strapi webhooks: the test Strapi calls the gateway (its bootstrap registers a
webhook to `webhook_url` with the instance's secret as a bearer token: Strapi's admin API
refuses loopback URLs in production mode); an editor changes and publishes a page through
Strapi's admin API; the gateway's cached page is purged and the fresh title served within a
second, where the cache had spared Strapi until then."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import uvicorn

from gateway.app import create_app
from gateway.config import load
from gateway.server import uvicorn_options
from tests.support.config_file import with_sample
from tests.support.server import GraphQLClient
from tests.upstreams.proxy import CountingProxy
from tests.upstreams.strapi import seed, server

pytestmark = pytest.mark.integration

SETTINGS = """
base_url = "{base_url}"
api_token = "{token}"
webhook_secret = "{secret}"
"""
PAGE = f'query {{ page(handle: "{seed.FRENCH_ONLY_PAGE}") {{ title }} }}'
UID = "api::page.page"
ADMIN = {
    "firstname": "Omni",
    "lastname": "Canal",
    "email": "webhooks@omnicanal.test",
    "password": "Omnicanal-Webhooks-1",
}
FRESH_WITHIN_S = 1.0
START_TIMEOUT_S = 60.0


class StrapiAdmin:
    """The admin API as the admin panel uses it: a JWT, then the content manager."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.session, self.base_url = session, base_url
        self.headers = {"authorization": f"Bearer {token}"}

    @classmethod
    async def sign_in(cls, session: aiohttp.ClientSession, base_url: str) -> StrapiAdmin:
        # The first admin registers; a later test on the same Strapi signs in.
        async with session.post(base_url + "/admin/register-admin", json=ADMIN) as r:
            if r.status == 200:
                return cls(session, base_url, (await r.json())["data"]["token"])
        login = {"email": ADMIN["email"], "password": ADMIN["password"]}
        async with session.post(base_url + "/admin/login", json=login) as r:
            assert r.status == 200, await r.text()
            return cls(session, base_url, (await r.json())["data"]["token"])

    async def call(self, method: str, path: str, body: Any = None) -> Any:
        url = self.base_url + path
        async with self.session.request(method, url, json=body, headers=self.headers) as r:
            assert r.status < 300, f"{method} {path}: {r.status} {await r.text()}"
            return await r.json()

    async def retitle(self, document_id: str, title: str) -> None:
        """Edit the draft and publish it, as an editor does."""
        base = f"/content-manager/collection-types/{UID}/{document_id}"
        await self.call("PUT", f"{base}?locale=fr", {"title": title})
        await self.call("POST", f"{base}/actions/publish?locale=fr", {})


async def document_id(session: aiohttp.ClientSession, strapi: server.StrapiServer) -> str:
    url = f"{strapi.base_url}/api/pages?filters[slug][$eq]={seed.FRENCH_ONLY_PAGE}&locale=fr"
    headers = {"authorization": f"Bearer {strapi.api_token}"}
    async with session.get(url, headers=headers) as r:
        return str((await r.json())["data"][0]["documentId"])


@pytest.fixture
async def cached_gateway(
    strapi: server.StrapiServer, proxy: CountingProxy, sample_dir: Path, tmp_path: Path
) -> AsyncIterator[GraphQLClient]:
    """The gateway, cache on, on the port Strapi's webhook calls."""
    settings = SETTINGS.format(
        base_url=proxy.base_url, token=strapi.api_token, secret=server.WEBHOOK_TOKEN
    )
    text = with_sample(
        sample_dir, server.WEBHOOK_INSTANCE, "connectors.strapi:SPEC", settings, ["content"]
    )
    path = tmp_path / "omnicanal.toml"
    path.write_text(text.replace("cache = false", "cache = true"))
    config = load(path)
    options = uvicorn_options(config)
    app = create_app(config)
    port = strapi.webhook_port
    uvicorn_config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", **options
    )
    gateway = uvicorn.Server(uvicorn_config)
    task = asyncio.create_task(gateway.serve())
    try:
        async with asyncio.timeout(START_TIMEOUT_S):
            while not gateway.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
        async with aiohttp.ClientSession() as session:
            yield GraphQLClient(f"http://127.0.0.1:{port}", session)
    finally:
        gateway.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def title(gateway: GraphQLClient) -> str:
    return str((await gateway.data(PAGE))["page"]["title"])


async def test_an_edit_in_strapi_is_served_fresh_within_a_second(
    strapi: server.StrapiServer,
    proxy: CountingProxy,
    cached_gateway: GraphQLClient,
    session: aiohttp.ClientSession,
) -> None:
    admin = await StrapiAdmin.sign_in(session, strapi.base_url)
    document = await document_id(session, strapi)
    original = await title(cached_gateway)
    try:
        reads = proxy.count()
        assert await title(cached_gateway) == original
        assert proxy.count() == reads  # served from the cache
        changed = f"{original} ({int(time.time())})"
        await admin.retitle(document, changed)
        began = time.monotonic()
        seen = original
        while seen != changed and time.monotonic() - began < FRESH_WITHIN_S + 2:
            await asyncio.sleep(0.05)
            seen = await title(cached_gateway)
        elapsed = time.monotonic() - began
        assert seen == changed
        assert elapsed < FRESH_WITHIN_S, f"fresh after {elapsed:.2f} s"
        assert proxy.count() > reads  # read again from Strapi, once purged
    finally:
        await admin.retitle(document, original)  # the shared Strapi as the others expect it
