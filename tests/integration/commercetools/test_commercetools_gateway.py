"""The gateway configured from a file to take catalog, pricing, inventory and orders from
commercetools (the secret from the environment), content and loyalty from the sample."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.commercetools.conftest import API, ScriptedProxy
from tests.support.config_file import running_from_file, with_sample
from tests.support.server import GraphQLClient
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.proxy import Fault

pytestmark = pytest.mark.integration

SECRET_VARIABLE = "OMNICANAL_TEST_CTP_SECRET"
SETTINGS = """
api_url = "{base_url}"
auth_url = "{base_url}"
project_key = "{project_key}"
client_id = "{client_id}"
client_secret = "${{{secret_variable}}}"
sign_in = "password"
warehouse_channels = ["{warehouse}"]
distribution_channels = {{ APP = "{app}" }}
customer_groups = {{ pro = "{b2b}" }}
"""
DOMAINS = ("catalog", "pricing", "inventory", "orders")
LISTING = """query Listing {
  products(first: 5) {
    totalCount
    nodes {
      sku title
      price { amount currencyCode }
      compareAtPrice { amount }
      availability { availableForSale quantityAvailable }
    }
  }
}"""
SIGN_IN = """mutation SignIn($email: String!, $password: String!) {
  customerAccessTokenCreate(email: $email, password: $password) {
    accessToken userErrors { code }
  }
}"""
CART = """mutation Cart($token: String) {
  cartCreate(lines: [{sku: "CT-0001", quantity: 2}], buyerAccessToken: $token) {
    cart { id lines { quantity } cost { total { amount currencyCode } } buyer { email } }
    userErrors { code message }
  }
}"""


@pytest.fixture
async def gateway(
    proxy: ScriptedProxy, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[GraphQLClient]:
    monkeypatch.setenv(SECRET_VARIABLE, d.CLIENT_SECRET)
    settings = SETTINGS.format(
        base_url=proxy.base_url,
        project_key=d.PROJECT_KEY,
        client_id=d.CLIENT_ID,
        secret_variable=SECRET_VARIABLE,
        warehouse=d.WAREHOUSE,
        app=d.APP_CHANNEL,
        b2b=d.B2B_GROUP,
    )
    text = with_sample(sample_dir, "commerce", "connectors.commercetools:SPEC", settings, DOMAINS)
    async with running_from_file(text, tmp_path) as client:
        yield client


async def test_a_listing_with_prices_and_stock(gateway: GraphQLClient) -> None:
    data = await gateway.data(LISTING)
    assert data["products"]["totalCount"] == d.PRODUCT_COUNT
    nodes = data["products"]["nodes"]
    assert len(nodes) == 5
    assert all(n["price"]["currencyCode"] == "EUR" for n in nodes)
    assert all(isinstance(n["availability"]["quantityAvailable"], int) for n in nodes)


async def test_sign_in_and_a_priced_cart(gateway: GraphQLClient) -> None:
    signed = await gateway.data(
        SIGN_IN, variables={"email": d.DEMO_EMAIL, "password": d.DEMO_PASSWORD}
    )
    token = signed["customerAccessTokenCreate"]["accessToken"]
    assert token
    wrong = await gateway.data(SIGN_IN, variables={"email": d.DEMO_EMAIL, "password": "nope"})
    assert wrong["customerAccessTokenCreate"]["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]
    created = (await gateway.data(CART, variables={"token": token}))["cartCreate"]
    assert created["userErrors"] == []
    cart = created["cart"]
    assert cart["buyer"]["email"] == d.DEMO_EMAIL
    cents = d.PRODUCTS[0].variants[0].eur_cents
    assert cart["cost"]["total"] == {"amount": str(d.money(cents * 2)), "currencyCode": "EUR"}


async def test_a_failing_upstream_costs_only_its_fields(
    gateway: GraphQLClient, proxy: ScriptedProxy
) -> None:
    await gateway.data(LISTING)  # the connector is started and warm
    failing = Fault(503, b'{"message": "secret upstream text"}')
    proxy.on("GET", f"{API}product-projections", failing, 3, query="priceCurrency")
    payload = await gateway.post(LISTING)
    nodes = payload["data"]["products"]["nodes"]
    assert all(n["price"] is None for n in nodes)
    assert all(n["availability"]["quantityAvailable"] is not None for n in nodes), "stock served"
    codes = {(e["extensions"]["code"], e["extensions"]["connector"]) for e in payload["errors"]}
    assert codes == {("UPSTREAM_UNAVAILABLE", "commerce")}
    assert "secret upstream text" not in str(payload)


async def test_readiness_probes_commercetools(gateway: GraphQLClient) -> None:
    status, _, _ = await gateway.raw("GET", "/readyz")
    assert status == 200
