"""The two modes: development shows the schema (GraphiQL, introspection, suggestions);
production hides it, each feature can be switched back on, and a token secret is required."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import graphql
import pytest

from gateway.app import create_app
from gateway.asgi import config_from_env
from gateway.cli import main as omnicanal
from gateway.config import ConfigError, GatewayConfig, embedded_default
from gateway.config_access import AccessSettings, Anonymous
from gateway.config_sections import Mode
from schema.build import SDL_PATH
from tests.conftest import instrumented_config
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient, running_gateway

SECRET = "s" * 32
ENV_KEYS = ("OMNICANAL_CONFIG", "OMNICANAL_MODE", "OMNICANAL_TOKEN_SECRET", "OMNICANAL_DATA_DIR")
TYPE_NAMES = frozenset(graphql.build_schema(SDL_PATH.read_text()).type_map)
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def production(config: GatewayConfig, **switches: bool) -> GatewayConfig:
    # A production storefront that serves anonymous shoppers says so (the default is none).
    public = AccessSettings(anonymous=Anonymous.PUBLIC)
    return replace(config, mode=Mode.PRODUCTION, token_secret=SECRET, access=public, **switches)


@pytest.fixture(scope="module")
async def prod(sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """Production on the instrumented sample, every SPI call recorded."""
    async with running_gateway(production(instrumented_config(sample_dir))) as client:
        yield client


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in payload["errors"]]


# Introspection


@pytest.mark.parametrize(
    "query",
    [
        "{ __schema { queryType { name } } }",
        '{ __type(name: "Product") { fields { name } } }',
        "{ s: __schema { types { name } } }",
        'query { ...Q } fragment Q on Query { __type(name: "Cart") { name } }',
        "{ __typename ... on Query { __schema { types { name } } } }",
    ],
)
async def test_production_refuses_introspection(
    prod: GraphQLClient, recorder: Recorder, query: str
) -> None:
    payload = await prod.post(query)
    assert "data" not in payload or payload["data"] is None
    assert set(_codes(payload)) == {"INTROSPECTION_DISABLED"}
    assert sum(recorder.calls.values()) == 0


async def test_typename_is_not_introspection(prod: GraphQLClient) -> None:
    data = await prod.data("{ __typename products(first: 1) { __typename } }")
    assert data == {"__typename": "Query", "products": {"__typename": "ProductConnection"}}


# Suggestions and type names

MISTAKES: list[tuple[str, dict[str, Any] | None]] = [
    ("{ produkts(first: 1) { totalCount } }", None),
    ("{ products(frist: 1) { totalCount } }", None),
    ("{ products(first: 1) { nodes { titel } } }", None),
    ("{ products(sortKey: PRICE_ASCC) { totalCount } }", None),
    ("query($k: ProductSortKey) { products(sortKey: $k) { totalCount } }", {"k": "PRICE_ASCC"}),
    ("{ stores(near: { latitud: 48.8, longitude: 2.3 }) { code } }", None),
    (
        "query($n: GeoPointInput) { stores(near: $n) { code } }",
        {"n": {"latitud": 48.8, "longitude": 2.3}},
    ),
    (
        "query($l: [CartLineInput!]!) { pickupOptions(lines: $l, near: { latitude: 1, longitude: 2 }) { store { code } } }",
        {"l": [{"skuu": "x", "quantity": 1}]},
    ),
    (
        '{ pickupOptions(lines: [{ skuu: "x", quantity: 1 }], near: { latitude: 1, longitude: 2 }) { store { code } } }',
        None,
    ),
    ("{ products(first: 1) { nodes { ...F } } } fragment F on Prodct { id }", None),
    ("{ products(first: 1) { nodes { ... on Prodcut { id } } } }", None),
    ("query($h: Strin!) { page(handle: $h) { title } }", {"h": "x"}),
    ("{ products }", None),
    ("{ products(first: 1) { totalCount { x } } }", None),
    ('{ product(handle: "x") { ... on Store { code } } }', None),
    ("{ page { title } }", None),
    ("query($h: Int) { page(handle: $h) { title } }", {"h": 1}),
    ('{ products(first: "many") { totalCount } }', None),
    ("{ products(sortKey: 3) { totalCount } }", None),
    ("mutation { cartCreate(line: []) { cart { id } } }", None),
    ('{ products(first: 1) @inContext(countri: "FR") { totalCount } }', None),
]


def _leaked_types(message: str, query: str, variables: dict[str, Any] | None) -> set[str]:
    """Type names in `message` that the client wrote nowhere."""
    sent = set(_NAME.findall(query + json.dumps(variables)))
    return {name for name in _NAME.findall(message) if name in TYPE_NAMES} - sent


@pytest.mark.parametrize(("query", "variables"), MISTAKES)
async def test_production_errors_suggest_nothing_and_name_only_what_was_sent(
    prod: GraphQLClient, query: str, variables: dict[str, Any] | None
) -> None:
    payload = await prod.post(query, variables=variables)
    assert payload.get("errors"), payload
    for error in payload["errors"]:
        assert "did you mean" not in error["message"].lower(), error
        assert _leaked_types(error["message"], query, variables) == set(), error
        assert error["extensions"]["code"] in ("GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT")


async def test_production_messages_still_say_what_is_wrong(prod: GraphQLClient) -> None:
    messages = {
        "{ produkts { totalCount } }": "Cannot query field 'produkts' here.",
        "{ products(frist: 1) { totalCount } }": "Unknown argument 'frist' on field 'products'.",
        "{ products }": "Field 'products' must have a selection of subfields.",
        "{ page { title } }": "Argument 'handle' is required, but it was not provided.",
    }
    for query, expected in messages.items():
        payload = await prod.post(query)
        assert [e["message"] for e in payload["errors"]] == [expected]
        assert payload["errors"][0]["locations"], "the client still learns where"


async def test_a_type_the_client_wrote_may_be_named(prod: GraphQLClient) -> None:
    query = "{ products(first: 1) { nodes { ... on Product { titel } } } }"
    payload = await prod.post(query)
    assert [e["message"] for e in payload["errors"]] == [
        "Cannot query field 'titel' on type 'Product'."
    ]


async def test_production_subscriptions_suggest_nothing(prod: GraphQLClient) -> None:
    url = prod.base_url.replace("http", "ws") + "/graphql"
    async with prod.session.ws_connect(url, protocols=["graphql-transport-ws"]) as ws:
        await ws.send_json({"type": "connection_init"})
        assert (await asyncio.wait_for(ws.receive_json(), 10))["type"] == "connection_ack"
        query = 'subscription { stockChangd(skus: ["x"]) { sku } }'
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
        message = await asyncio.wait_for(ws.receive_json(), 10)
    assert message["type"] == "error", message
    assert [e["message"] for e in message["payload"]] == ["Cannot query field 'stockChangd' here."]


# GraphiQL


async def test_production_serves_no_graphiql(prod: GraphQLClient) -> None:
    status, content_type, text = await prod.raw("GET", "/graphql", headers={"Accept": "text/html"})
    assert (status, content_type) == (400, "application/json")
    assert _codes(json.loads(text)) == ["BAD_REQUEST"]
    assert "graphiql" not in text.lower()
    status, _, _ = await prod.raw("GET", "/graphiql/static/VERSIONS")
    assert status == 404


# Development, and switches


async def test_development_shows_everything(gateway: GraphQLClient) -> None:
    data = await gateway.data("{ __schema { queryType { name } } }")
    assert data == {"__schema": {"queryType": {"name": "Query"}}}
    payload = await gateway.post("{ produkts { totalCount } }")
    assert "Did you mean 'products'" in payload["errors"][0]["message"]
    assert "on type 'Query'" in payload["errors"][0]["message"]
    status, content_type, _ = await gateway.raw("GET", "/graphql", headers={"Accept": "text/html"})
    assert (status, content_type) == (200, "text/html")


async def test_each_feature_can_be_switched_on_in_production(own_sample_dir: Path) -> None:
    config = production(embedded_default(own_sample_dir), graphiql=True, introspection=True)
    async with running_gateway(config) as client:
        data = await client.data('{ __type(name: "Product") { name } }')
        assert data == {"__type": {"name": "Product"}}
        status, content_type, _ = await client.raw(
            "GET", "/graphql", headers={"Accept": "text/html"}
        )
        assert (status, content_type) == (200, "text/html")
        payload = await client.post("{ produkts { totalCount } }")
        assert "Did you mean" not in payload["errors"][0]["message"], "suggestions stay off"
    config = production(embedded_default(own_sample_dir), suggestions=True)
    async with running_gateway(config) as client:
        payload = await client.post("{ produkts { totalCount } }")
        assert "Did you mean 'products'" in payload["errors"][0]["message"]
        payload = await client.post("{ __schema { queryType { name } } }")
        assert _codes(payload) == ["INTROSPECTION_DISABLED"]


# The token secret


def test_production_without_a_token_secret_does_not_start(own_sample_dir: Path) -> None:
    config = replace(embedded_default(own_sample_dir), mode=Mode.PRODUCTION)
    with pytest.raises(ConfigError) as refused:
        create_app(config)
    assert refused.value.key == "gateway.token_secret"
    assert "OMNICANAL_TOKEN_SECRET" in str(refused.value)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./omnicanal.toml
    return monkeypatch


def test_the_mode_and_the_secret_come_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OMNICANAL_MODE", "production")
    with pytest.raises(ConfigError) as refused:
        config_from_env()
    assert refused.value.key == "gateway.token_secret"
    clean_env.setenv("OMNICANAL_TOKEN_SECRET", SECRET)
    config = config_from_env()
    assert (config.mode, config.token_secret) == (Mode.PRODUCTION, SECRET)


def test_check_config_names_the_missing_key(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "omnicanal.toml"
    path.write_text('[gateway]\nmode = "production"\n' + _sample_wiring())
    assert omnicanal(["check-config", "--config", str(path)]) == 2
    error = capsys.readouterr().err
    assert f"{path}: gateway.token_secret: required in production" in error
    path.write_text(
        f'[gateway]\nmode = "production"\ntoken_secret = "{SECRET}"\n' + _sample_wiring()
    )
    assert omnicanal(["check-config", "--config", str(path)]) == 0


def _sample_wiring() -> str:
    domains = "\n".join(
        f'{d} = "sample"'
        for d in ("catalog", "pricing", "inventory", "content", "orders", "loyalty")
    )
    return f'\n[connectors.sample]\nkind = "sample"\n\n[domains]\n{domains}\n'
