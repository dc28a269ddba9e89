"""Bad requests of every kind get a coded JSON error: never a 500, never a stack trace."""

from __future__ import annotations

import io
import json

import pytest

from tests.support.server import GraphQLClient

# CSRF prevention (gateway/csrf.py): a request without a JSON Content-Type says it was preflighted.
PREFLIGHT = {"apollo-require-preflight": "true"}


async def _error_code(gateway: GraphQLClient, body: dict[str, object]) -> str:
    payload = await gateway.post(**body)  # type: ignore[arg-type]
    assert payload.get("data") is None
    code: str = payload["errors"][0]["extensions"]["code"]
    return code


async def test_syntax_error(gateway: GraphQLClient) -> None:
    assert (
        await _error_code(gateway, {"query": "{ products(first: 1) { "}) == "GRAPHQL_PARSE_FAILED"
    )


async def test_unknown_field(gateway: GraphQLClient) -> None:
    code = await _error_code(gateway, {"query": "{ produkts { id } }"})
    assert code == "GRAPHQL_VALIDATION_FAILED"


async def test_wrong_variable_type(gateway: GraphQLClient) -> None:
    query = "query($n: Int) { products(first: $n) { totalCount } }"
    assert (
        await _error_code(gateway, {"query": query, "variables": {"n": "many"}}) == "BAD_USER_INPUT"
    )


async def test_too_deep_query_is_refused(gateway: GraphQLClient) -> None:
    nested = "parent { " * 20 + "id" + " }" * 20
    payload = await gateway.post(f'{{ category(handle: "x") {{ {nested} }} }}')
    assert payload["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "22 levels deep" in payload["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "BAD_REQUEST"),
        (b"[1, 2]", 400, "BAD_REQUEST"),
        (b'{"query": 42}', 400, "BAD_REQUEST"),
        (b'{"query": "{ __typename }", "variables": [1]}', 400, "BAD_REQUEST"),
    ],
)
async def test_malformed_bodies(
    gateway: GraphQLClient, body: bytes, status: int, code: str
) -> None:
    got_status, content_type, text = await gateway.raw(
        "POST", "/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    assert got_status == status
    assert content_type == "application/json"
    assert json.loads(text)["errors"][0]["extensions"]["code"] == code


async def test_wrong_content_type_and_oversized_body(gateway: GraphQLClient) -> None:
    status, _, text = await gateway.raw(
        "POST", "/graphql", data=b"x", headers={"Content-Type": "text/plain", **PREFLIGHT}
    )
    assert status == 415
    assert "UNSUPPORTED_MEDIA_TYPE" in text
    huge = json.dumps({"query": "{ __typename }", "pad": "x" * (1 << 21)}).encode()
    status, _, text = await gateway.raw(
        "POST", "/graphql", data=io.BytesIO(huge), headers={"Content-Type": "application/json"}
    )
    assert status == 413
    assert "PAYLOAD_TOO_LARGE" in text


async def test_get_runs_queries_but_not_mutations(gateway: GraphQLClient) -> None:
    status, _, text = await gateway.raw(
        "GET", "/graphql", params={"query": "{ __typename }"}, headers=PREFLIGHT
    )
    assert status == 200
    assert json.loads(text)["data"] == {"__typename": "Query"}
    mutation = "mutation { cartCreate { userErrors { code } } }"
    status, content_type, text = await gateway.raw(
        "GET", "/graphql", params={"query": mutation}, headers=PREFLIGHT
    )
    assert (status, content_type) == (405, "application/json")
    assert json.loads(text)["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    subscription = 'subscription { stockChanged(skus: ["x"]) { sku } }'
    status, _, text = await gateway.raw("POST", "/graphql", json={"query": subscription})
    assert status == 405
    assert json.loads(text)["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_graphiql_page_and_health(gateway: GraphQLClient) -> None:
    status, content_type, text = await gateway.raw(
        "GET", "/graphql", headers={"Accept": "text/html"}
    )
    assert status == 200
    assert content_type == "text/html"
    assert "graphiql" in text.lower()
    assert "products(first: 24)" in text, "the example queries are preloaded"
    status, _, text = await gateway.raw("GET", "/healthz")
    assert (status, json.loads(text)) == (200, {"status": "ok"})
    status, _, text = await gateway.raw("GET", "/readyz")
    assert status == 200
    assert json.loads(text)["status"] == "ready"


async def test_graphql_response_media_type_gets_400_for_invalid_requests(
    gateway: GraphQLClient,
) -> None:
    headers = {"Accept": "application/graphql-response+json"}
    status, content_type, _ = await gateway.raw(
        "POST", "/graphql", json={"query": "{ nope }"}, headers=headers
    )
    assert (status, content_type) == (400, "application/graphql-response+json")
