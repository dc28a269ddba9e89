"""GraphiQL over HTTP: the page and the IDE it loads come from the gateway itself (versioned,
cached for a year, locked down by a Content-Security-Policy), nothing of it is served when
GraphiQL is off, and the click-and-collect tabs work in the order a reader runs them."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from pathlib import Path

import orjson

from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.config import GatewayConfig
from gateway.config_sections import Mode
from gateway.examples import (
    HOLD_THEM_THERE,
    OUT_OF_STOCK_ONLINE,
    SIGN_IN,
    STORES_WITH_ALL_THREE,
    graphiql_tabs,
)
from gateway.graphiql import IMMUTABLE
from tests.conftest import instrumented_config
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import bearer, store_quantity

HTML = {"Accept": "text/html"}
ASSET = re.compile(r'(?:src|href)="(graphiql/static/[^"]+)"')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css"}


async def _page(client: GraphQLClient) -> tuple[str, dict[str, str]]:
    async with client.session.get(client.base_url + "/graphql", headers=HTML) as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        return await response.text(), dict(response.headers)


async def test_the_page_loads_only_what_the_gateway_serves(gateway: GraphQLClient) -> None:
    html, _ = await _page(gateway)
    assets = ASSET.findall(html)
    assert len(assets) == 4, "react, react-dom, graphiql's script and its stylesheet"
    assert "//" not in " ".join(re.findall(r'(?:src|href)="([^"]*)"', html)), "no CDN"
    for path in assets:
        async with gateway.session.get(f"{gateway.base_url}/{path}") as response:
            assert response.status == 200, path
            assert response.content_type == ASSET_TYPES[Path(path).suffix]
            assert response.headers["Cache-Control"] == IMMUTABLE
            assert len(await response.read()) > 1000


async def test_the_page_carries_the_tabs_and_a_policy_that_allows_only_its_script(
    gateway: GraphQLClient,
) -> None:
    html, headers = await _page(gateway)
    (script,) = INLINE_SCRIPT.findall(html)
    tabs = orjson.loads(script.split("const tabs = ", 1)[1].split(";\n", 1)[0])
    assert tabs == graphiql_tabs()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert policy["connect-src"] == "'self'"
    assert "<" not in script.split("const tabs = ", 1)[1].split(";\n", 1)[0], "escaped"


async def test_unknown_or_escaping_asset_paths_are_404(gateway: GraphQLClient) -> None:
    for path in (
        "/graphiql/static/react@18.3.1/nope.js",
        "/graphiql/static/../app.py",
        "/graphiql/static/%2e%2e/graphiql.html",
        "/graphiql/static/..%2f..%2fapp.py",
    ):
        status, _, body = await gateway.raw("GET", path)
        assert status == 404, path
        assert "import" not in body


async def test_nothing_of_graphiql_is_served_when_it_is_off(sample_dir: Path) -> None:
    base = instrumented_config(sample_dir)
    production = dataclasses.replace(base, mode=Mode.PRODUCTION, token_secret="k" * 40)
    for config in (dataclasses.replace(base, graphiql=False), production):
        await _assert_no_graphiql(config)


async def _assert_no_graphiql(config: GatewayConfig) -> None:
    async with running_gateway(config) as client:
        status, content_type, _ = await client.raw("GET", "/graphql", headers=HTML)
        assert (status, content_type) == (400, "application/json")
        status, _, _ = await client.raw("GET", "/graphiql/static/graphiql@3.9.0/graphiql.min.js")
        assert status == 404


async def test_the_click_and_collect_tabs_run_in_order(shop: GraphQLClient) -> None:
    signed_in = (await shop.data(SIGN_IN))["customerAccessTokenCreate"]
    assert signed_in["userErrors"] == []
    online = (await shop.data(OUT_OF_STOCK_ONLINE))["product"]["availability"]
    assert online == {"availableForSale": False, "quantityAvailable": 0}
    options = (await shop.data(STORES_WITH_ALL_THREE))["pickupOptions"]
    assert options, "some Paris store holds all three"
    store = options[0]["store"]
    hold_tab = next(tab for tab in graphiql_tabs() if tab["query"] == HOLD_THEM_THERE)
    assert set(json.loads(hold_tab["variables"])) == {"storeId"}
    assert set(json.loads(hold_tab["headers"])) == {"Authorization"}
    shears = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    on_shelf = await store_quantity(shop, shears, store["code"])
    held = await shop.data(
        HOLD_THEM_THERE,
        variables={"storeId": store["id"]},
        headers=bearer(signed_in["accessToken"]),
    )
    reservation = held["pickupReserve"]
    assert reservation["userErrors"] == []
    assert reservation["reservation"]["status"] == "HELD"
    assert reservation["reservation"]["store"]["name"] == store["name"]
    assert {line["sku"] for line in reservation["reservation"]["lines"]} == {
        shears,
        "OC-000002-GRN-M",
        "OC-000002-GRN-S",
    }
    assert await store_quantity(shop, shears, store["code"]) == on_shelf - 1
