"""How the commercetools connector fails, and how it recovers: credentials, tokens that
expire or are revoked, 5xx and 429 (injected by the proxy), unreadable answers."""

from __future__ import annotations

import asyncio

import pytest

from connectors.commercetools import CommercetoolsConnector
from connectors.context import CommerceContext
from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from connectors.models import CartDraft, LineRequest, SetPromotionCodes
from tests.integration.commercetools.conftest import (
    API,
    INSTANCE,
    MakeConnector,
    ScriptedProxy,
)
from tests.upstreams.proxy import Fault

pytestmark = pytest.mark.integration

CTX = CommerceContext()
TOKEN = "/oauth/token"
RETRY_NOW = (("Retry-After", "0"), ("Content-Type", "application/json"))


async def test_wrong_client_credentials_stop_start_up_naming_the_connector(
    make_connector: MakeConnector, proxy: ScriptedProxy
) -> None:
    connector = make_connector(client_secret="not-the-secret")
    before = proxy.count(TOKEN)
    with pytest.raises(UpstreamAuthError) as raised:
        await connector.start()
    assert raised.value.connector == INSTANCE
    assert raised.value.code == "UPSTREAM_MISCONFIGURED"
    assert proxy.count(TOKEN) - before == 1, "not retried"
    with pytest.raises(UpstreamAuthError):
        await connector.prices(["CT-0001"], CTX)


async def test_a_refused_token_is_renewed_once(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    grants = connector.client.tokens.grants
    proxy.on("GET", API, Fault(401, b'{"statusCode": 401, "message": "invalid_token"}'))
    (price,) = await connector.prices(["CT-0001"], CTX)
    assert price is not None
    assert connector.client.tokens.grants == grants + 1


async def test_a_token_refused_twice_is_a_configuration_error(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    proxy.on("GET", API, Fault(401, b"{}"), times=2)
    with pytest.raises(UpstreamAuthError) as raised:
        await connector.prices(["CT-0001"], CTX)
    assert raised.value.connector == INSTANCE


async def test_403_is_a_configuration_error_at_once(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    body = b'{"statusCode": 403, "message": "Insufficient scope", "errors": [{"code": "insufficient_scope"}]}'
    proxy.on("GET", API, Fault(403, body))
    before = proxy.count(API)
    with pytest.raises(UpstreamAuthError):
        await connector.stock(["CT-0001"], CTX)
    assert proxy.count(API) - before == 1


async def test_a_token_is_renewed_before_it_expires_once_for_all(
    connector: CommercetoolsConnector,
) -> None:
    tokens = connector.client.tokens
    now = [1_000.0]
    tokens._clock = lambda: now[0]
    tokens.discard(await tokens.bearer())
    await connector.prices(["CT-0001"], CTX)
    grants = tokens.grants
    now[0] += 172_800 - 301  # the mock's tokens live two days; renewed 300 s early
    await connector.prices(["CT-0001"], CTX)
    assert tokens.grants == grants
    now[0] += 2
    await asyncio.gather(*(connector.prices(["CT-0001"], CTX) for _ in range(5)))
    assert tokens.grants == grants + 1, "one renewal for five requests"


async def test_a_passing_5xx_or_429_on_a_read_is_retried(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    proxy.on("GET", API, Fault(503, b'{"message": "busy"}'))
    proxy.on("GET", API, Fault(429, b"{}", RETRY_NOW))
    before = proxy.count(API)
    (level,) = await connector.stock(["CT-0001"], CTX)
    assert level is not None
    assert proxy.count(API) - before == 4, "the entries three times, then the hold journal"


async def test_a_lasting_5xx_or_429_is_unavailable(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    proxy.on("GET", API, Fault(502), times=3)
    with pytest.raises(UpstreamUnavailable) as raised:
        await connector.products_by_sku(["CT-0001"], CTX)
    assert raised.value.retriable
    proxy.on("GET", API, Fault(429, b"{}", RETRY_NOW), times=3)
    with pytest.raises(UpstreamRateLimited):
        await connector.products_by_sku(["CT-0001"], CTX)


async def test_writes_are_retried_on_429_only(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    draft = CartDraft(CTX.channel, "EUR", None, (LineRequest("CT-0001", 1),))
    proxy.on("POST", f"{API}carts", Fault(429, b"{}", RETRY_NOW))
    before = proxy.api_calls("POST")
    cart = await connector.create_cart(draft, CTX)
    assert proxy.api_calls("POST") - before == 2
    # After a 5xx a write may have happened: repeating it could apply it twice.
    proxy.on("POST", f"{API}carts/{cart.id}", Fault(503))
    before = proxy.api_calls("POST")
    with pytest.raises(UpstreamUnavailable):
        await connector.update_cart(cart.id, [SetPromotionCodes(("SPRING10",))], CTX)
    assert proxy.api_calls("POST") - before == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<html>502 Bad Gateway</html>",
        b'{"results": {"id": 1}}',
        b'{"results": [{"id": "x"}]}',
        b'{"results": [{"id": "x", "masterVariant": {"sku": "A", "prices": [{"value": {}}]}}]}',
    ],
)
async def test_an_unreadable_answer_fails_that_batch_only(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, body: bytes
) -> None:
    proxy.on("GET", f"{API}product-projections", Fault(200, body))
    with pytest.raises(UpstreamBadResponse) as raised:
        await connector.prices(["CT-0001", "CT-0003"], CTX)
    assert raised.value.connector == INSTANCE
    assert raised.value.code == "UPSTREAM_BAD_RESPONSE"
    prices = await connector.prices(["CT-0001", "CT-0003"], CTX)
    assert all(prices), "the next batch is served"


async def test_check_names_what_is_missing(make_connector: MakeConnector) -> None:
    connector = make_connector()
    await connector.check()
    with pytest.raises(UpstreamAuthError, match="cart_type_key"):
        await make_connector(cart_type_key="no-such-type").check()
    with pytest.raises(UpstreamAuthError, match="no channel 'wh-nowhere'"):
        await make_connector(warehouse_channels=["wh-nowhere"]).check()
    with pytest.raises(UpstreamAuthError, match="no customer group 'vip'"):
        await make_connector(customer_groups={"vip": "vip"}).check()
