"""The gateway configured from a file to take its content from Strapi (the token from the
environment), every other domain from the sample: pages over GraphQL, readiness."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.config_file import running_from_file, with_sample
from tests.support.server import GraphQLClient
from tests.upstreams.proxy import CountingProxy, Fault
from tests.upstreams.strapi import server

pytestmark = pytest.mark.integration

TOKEN_VARIABLE = "OMNICANAL_TEST_STRAPI_TOKEN"
SETTINGS = """
base_url = "{base_url}"
api_token = "${{{token_variable}}}"
default_locale = "fr"
[connectors.cms.settings.locales]
fr = "fr"
en = "en"
"""
READINESS = """
[gateway.readiness]
interval_s = 0.2
timeout_s = 1.0
"""
PAGE = """query Page($handle: String!) {
  page(handle: $handle) { handle title blocks { type title media { url alt } } }
}"""


@pytest.fixture
async def gateway(
    strapi: server.StrapiServer,
    proxy: CountingProxy,
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[GraphQLClient]:
    monkeypatch.setenv(TOKEN_VARIABLE, strapi.api_token)
    settings = SETTINGS.format(base_url=proxy.base_url, token_variable=TOKEN_VARIABLE)
    text = with_sample(sample_dir, "cms", "connectors.strapi:SPEC", settings, ["content"])
    text += READINESS  # rounds close together, so that a test sees one soon
    async with running_from_file(text, tmp_path) as client:
        yield client


async def test_pages_come_from_strapi_in_the_context_language(gateway: GraphQLClient) -> None:
    english = {"X-Omnicanal-Language": "en"}
    home = await gateway.data(PAGE, variables={"handle": "home"}, headers=english)
    assert home["page"]["title"] == "Home"
    assert [b["type"] for b in home["page"]["blocks"]][:2] == ["hero", "product-carousel"]
    assert home["page"]["blocks"][0]["media"][0]["url"].endswith("/content/home/hero-spring.jpg")
    french = await gateway.data(PAGE, variables={"handle": "home"})
    assert french["page"]["title"] == "Accueil"
    missing = await gateway.data(PAGE, variables={"handle": "no-such-page"})
    assert missing["page"] is None


async def test_readiness_probes_strapi(gateway: GraphQLClient, proxy: CountingProxy) -> None:
    status, _, text = await gateway.raw("GET", "/readyz")
    assert status == 200
    assert json.loads(text)["connectors"]["cms"]["lastCheck"] == "ok"
    before = proxy.count()
    await asyncio.sleep(0.3)
    assert proxy.count() - before >= 2, "background rounds, one probe per collection each"


async def test_readiness_fails_while_strapi_fails(
    gateway: GraphQLClient, proxy: CountingProxy
) -> None:
    proxy.fail_next(Fault(503, b'{"error": "down"}'), times=1000)
    for _ in range(20):  # the next background round sees it
        status, _, text = await gateway.raw("GET", "/readyz")
        if status == 503:
            break
        await asyncio.sleep(0.1)
    proxy.clear_faults()
    assert status == 503
    body = json.loads(text)
    assert body["status"] == "unready"
    assert list(body["problems"]) == ["cms"], "the failing connector is named"
    assert "down" not in text, "upstream text never leaks"
