"""How the Strapi connector fails: a wrong token, a wrong collection, and (through the proxy)
a 5xx, a 429 and unreadable bodies."""

from __future__ import annotations

import pytest

from connectors.context import CommerceContext
from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from connectors.strapi import StrapiConnector
from tests.integration.strapi.conftest import INSTANCE, MakeConnector
from tests.upstreams.proxy import CountingProxy, Fault

pytestmark = pytest.mark.integration

CTX = CommerceContext()


async def test_a_wrong_token_is_an_auth_error_naming_the_connector(
    make_connector: MakeConnector, proxy: CountingProxy
) -> None:
    connector = make_connector(api_token="not-the-token")
    before = proxy.count()
    with pytest.raises(UpstreamAuthError) as raised:
        await connector.pages(["home"], CTX)
    assert raised.value.connector == INSTANCE
    assert raised.value.code == "UPSTREAM_MISCONFIGURED"
    assert proxy.count() - before == 1, "not retried"
    with pytest.raises(UpstreamAuthError):
        await connector.check()


async def test_a_wrong_collection_fails_the_check(make_connector: MakeConnector) -> None:
    connector = make_connector(page_collection="no-such-pages")
    with pytest.raises(UpstreamBadResponse, match="no such collection"):
        await connector.check()


async def test_a_passing_5xx_is_retried(connector: StrapiConnector, proxy: CountingProxy) -> None:
    proxy.fail_next(Fault(503, b'{"error": "busy"}'))
    before = proxy.count()
    [page] = await connector.pages(["home"], CTX)
    assert page is not None
    assert proxy.count() - before == 2


async def test_a_lasting_5xx_is_unavailable(
    connector: StrapiConnector, proxy: CountingProxy
) -> None:
    proxy.fail_next(Fault(502), times=3)
    with pytest.raises(UpstreamUnavailable) as raised:
        await connector.product_content(["P000001"], CTX)
    assert raised.value.retriable


async def test_429_honours_retry_after(connector: StrapiConnector, proxy: CountingProxy) -> None:
    proxy.fail_next(Fault(429, headers=(("Retry-After", "0"),)))
    [page] = await connector.pages(["about"], CTX)
    assert page is not None
    proxy.fail_next(Fault(429, headers=(("Retry-After", "0"),)), times=3)
    with pytest.raises(UpstreamRateLimited):
        await connector.pages(["about"], CTX)


@pytest.mark.parametrize(
    "body",
    [
        b"<html>gateway error</html>",
        b'{"data": {"id": 1}}',
        b'{"data": [{"documentId": "x", "title": "no slug"}]}',
        b'{"data": [{"documentId": "x", "slug": "home", "title": 42}]}',
        b'{"data": [], "meta": {"pagination": {"pageCount": "many"}}}',
    ],
)
async def test_an_unreadable_answer_is_a_bad_response(
    connector: StrapiConnector, proxy: CountingProxy, body: bytes
) -> None:
    proxy.fail_next(Fault(200, body))
    with pytest.raises(UpstreamBadResponse) as raised:
        await connector.pages(["home"], CTX)
    assert raised.value.connector == INSTANCE
