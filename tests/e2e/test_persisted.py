"""Persisted operations over HTTP: Apollo's automatic persisted queries (not found, then
registered, then found; a wrong hash refused; junk never registered) and trusted
documents pushed from a manifest, named by `documentId` over POST and plain GET, with the
Cache-Control a CDN needs. Trusted documents are exercised on both state stores."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.context import Channel
from gateway.config import GatewayConfig
from gateway.documents_cli import push
from gateway.keys.model import KeyKind, KeyPlan
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from gateway.manifest import read_manifest
from tests.conftest import instrumented_config
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient, running_gateway
from tests.support.services import postgres_database, redis_database
from tests.support.shopping import bearer, token_of_demo

PRICED = "query Priced { products(first: 3) { nodes { id title priceRange { minVariantPrice { amount } } } } }"  # fmt: skip
TITLES = "query Titles { products(first: 3) { nodes { id title } } }"
NEW_CART = "mutation NewCart { cartCreate { cart { id } } }"
NESTED = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { id "
    "variants { sku price { amount } } } } } } } }"
)
MANIFEST = {
    "format": "apollo-persisted-query-manifest",
    "version": 1,
    "operations": [
        {"id": "priced-listing", "name": "Priced", "type": "query", "body": PRICED},
        {"id": "titles", "name": "Titles", "type": "query", "body": TITLES},
        {"id": "new-cart", "name": "NewCart", "type": "mutation", "body": NEW_CART},
    ],
}
# Apollo clients send this Accept; GET also carries no Content-Type, like a CDN or prefetch.
PLAIN_GET: dict[str, str] = {"Accept": "application/json"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apq(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(text)}}


async def post(client: GraphQLClient, body: dict[str, Any], **kwargs: Any) -> tuple[int, Any]:
    async with client.session.post(client.base_url + "/graphql", json=body, **kwargs) as r:
        return r.status, await r.json()


async def get(
    client: GraphQLClient, params: dict[str, str], headers: dict[str, str] | None = None
) -> tuple[int, Any, Any]:
    url = client.base_url + "/graphql"
    async with client.session.get(url, params=params, headers=headers or PLAIN_GET) as r:
        return r.status, await r.json(), r.headers


def code(payload: dict[str, Any]) -> str:
    value: str = payload["errors"][0]["extensions"]["code"]
    return value


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture
async def apq_gateway(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    async with running_gateway(instrumented_config(own_sample_dir)) as client:
        yield client


@pytest.fixture(params=["sqlite", "postgres"])
def pushed_config(
    request: pytest.FixtureRequest, own_sample_dir: Path, postgres_url: str
) -> GatewayConfig:
    config = instrumented_config(own_sample_dir)
    if request.param == "postgres":
        access = dataclasses.replace(config.access, state_database=postgres_url)
        config = dataclasses.replace(config, access=access)
    return config


@pytest.fixture
async def trusted(pushed_config: GatewayConfig) -> AsyncIterator[GraphQLClient]:
    """A gateway whose state store holds MANIFEST, pushed as `omnicanal documents push`."""
    await push(read_manifest(MANIFEST), pushed_config)
    async with running_gateway(pushed_config) as client:
        yield client


async def test_apq_round_trip(apq_gateway: GraphQLClient, recorder: Recorder) -> None:
    status, payload = await post(apq_gateway, {"extensions": apq(TITLES)})
    assert status == 200  # as Apollo Server: the client reads the error and retries
    assert payload["errors"] == [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
    assert sum(recorder.calls.values()) == 0

    status, registered = await post(apq_gateway, {"query": TITLES, "extensions": apq(TITLES)})
    assert status == 200
    assert "errors" not in registered
    assert len(registered["data"]["products"]["nodes"]) == 3
    calls_to_register = sum(recorder.calls.values())
    assert calls_to_register > 0

    recorder.reset()
    status, found = await post(apq_gateway, {"extensions": apq(TITLES)})
    assert status == 200
    assert found["data"] == registered["data"]
    assert sum(recorder.calls.values()) == calls_to_register  # the same operation ran again

    # Over GET too, as Apollo Client's `useGETForHashedQueries` sends it.
    extensions = f'{{"persistedQuery":{{"version":1,"sha256Hash":"{sha256(TITLES)}"}}}}'
    status, over_get, headers = await get(
        apq_gateway, {"extensions": extensions}, {"Content-Type": "application/json"}
    )
    assert status == 200
    assert over_get["data"] == registered["data"]
    assert headers["Cache-Control"] == "public, max-age=300"  # the catalog's TTL


async def test_a_hash_that_is_not_the_texts_is_refused(
    apq_gateway: GraphQLClient, recorder: Recorder
) -> None:
    body = {"query": TITLES, "extensions": apq(TITLES + " ")}
    status, payload = await post(apq_gateway, body)
    assert status == 400
    assert code(payload) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert sum(recorder.calls.values()) == 0
    status, payload = await post(apq_gateway, {"extensions": apq(TITLES + " ")})
    assert code(payload) == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("{ products(first: 2) { nodes { nope } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ products(first: 2) { nodes { id ", "GRAPHQL_PARSE_FAILED"),
        (NESTED, "QUERY_TOO_COMPLEX"),
    ],
)
async def test_junk_is_answered_but_never_registered(
    apq_gateway: GraphQLClient, recorder: Recorder, text: str, refusal: str
) -> None:
    status, payload = await post(apq_gateway, {"query": text, "extensions": apq(text)})
    assert status == 200
    assert code(payload) == refusal
    status, payload = await post(apq_gateway, {"extensions": apq(text)})
    assert code(payload) == "PERSISTED_QUERY_NOT_FOUND"
    assert sum(recorder.calls.values()) == 0


@pytest.mark.parametrize(
    ("extensions", "refusal"),
    [
        ({"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}, "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"),
        ({"persistedQuery": {"version": True, "sha256Hash": "0" * 64}}, "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "xyz"}}, "BAD_REQUEST"),
        ({"persistedQuery": {"version": 1}}, "BAD_REQUEST"),
        ({"persistedQuery": "abc"}, "BAD_REQUEST"),
    ],
)  # fmt: skip
async def test_malformed_persisted_query_extensions_are_coded(
    apq_gateway: GraphQLClient, extensions: dict[str, Any], refusal: str
) -> None:
    status, payload = await post(apq_gateway, {"extensions": extensions})
    assert (status, code(payload)) == (400, refusal)


async def test_trusted_document_by_id_over_post(trusted: GraphQLClient, recorder: Recorder) -> None:
    status, payload = await post(trusted, {"documentId": "priced-listing"})
    assert status == 200
    assert "errors" not in payload
    nodes = payload["data"]["products"]["nodes"]
    assert len(nodes) == 3
    assert nodes[0]["priceRange"]["minVariantPrice"]["amount"]
    assert recorder.calls["prices"] == 1  # one batch for the page
    # By its SHA-256 too, in both spellings, and through APQ's extension.
    status, by_hash = await post(trusted, {"documentId": f"sha256:{sha256(PRICED)}"})
    assert by_hash["data"] == payload["data"]
    status, by_apq = await post(trusted, {"extensions": apq(PRICED)})
    assert by_apq["data"] == payload["data"]


async def test_unknown_or_ambiguous_document_ids_are_coded(
    trusted: GraphQLClient, recorder: Recorder
) -> None:
    status, payload = await post(trusted, {"documentId": "no-such-document"})
    assert (status, code(payload)) == (200, "PERSISTED_QUERY_NOT_FOUND")
    status, payload, headers = await get(trusted, {"documentId": "no-such-document"})
    assert code(payload) == "PERSISTED_QUERY_NOT_FOUND"
    assert headers["Cache-Control"] == "private, no-cache, must-revalidate"
    status, payload = await post(trusted, {"documentId": "titles", "query": TITLES})
    assert (status, code(payload)) == (400, "BAD_REQUEST")
    status, payload = await post(trusted, {"documentId": "x" * 300})
    assert (status, code(payload)) == (400, "BAD_REQUEST")
    status, payload = await post(trusted, {"documentId": 7})
    assert (status, code(payload)) == (400, "BAD_REQUEST")
    assert sum(recorder.calls.values()) == 0


async def test_plain_get_by_document_id_is_cacheable_by_a_cdn(
    trusted: GraphQLClient, recorder: Recorder
) -> None:
    # No Content-Type, no preflight header: what a CDN or <link rel=prefetch> sends.
    status, payload, headers = await get(trusted, {"documentId": "priced-listing"})
    assert status == 200
    assert "errors" not in payload
    assert len(payload["data"]["products"]["nodes"]) == 3
    # Catalog (300 s) and pricing (60 s): the shorter wins.
    assert headers["Cache-Control"] == "public, max-age=60"
    assert "X-Omnicanal-Channel" in headers["Vary"]
    assert "Accept" in headers["Vary"]
    status, payload, headers = await get(trusted, {"documentId": "titles"})
    assert headers["Cache-Control"] == "public, max-age=300"
    assert recorder.calls["search"] == 2, recorder.calls


async def test_a_customers_get_is_never_kept(trusted: GraphQLClient) -> None:
    token = await token_of_demo(trusted)
    status, payload, headers = await get(
        trusted, {"documentId": "priced-listing"}, {**PLAIN_GET, **bearer(token)}
    )
    assert status == 200
    assert "errors" not in payload
    assert headers["Cache-Control"] == "private, no-store"


async def test_a_get_with_errors_is_never_kept(trusted: GraphQLClient, recorder: Recorder) -> None:
    _, payload, headers = await get(trusted, {"documentId": "titles", "operationName": "Other"})
    assert code(payload) == "OPERATION_NOT_FOUND"
    assert headers["Cache-Control"] == "private, no-store"


async def test_a_mutation_document_is_refused_over_get(
    trusted: GraphQLClient, recorder: Recorder
) -> None:
    status, payload, _ = await get(trusted, {"documentId": "new-cart"})
    assert (status, code(payload)) == (405, "METHOD_NOT_ALLOWED")
    assert sum(recorder.calls.values()) == 0
    status, payload = await post(trusted, {"documentId": "new-cart"})
    assert status == 200
    assert payload["data"]["cartCreate"]["cart"]["id"]


async def test_only_trusted_documents_skip_the_csrf_rule(trusted: GraphQLClient) -> None:
    """Free text and APQ hashes over a plain GET still need a preflight (gateway/csrf.py)."""
    status, payload, _ = await get(trusted, {"query": TITLES})
    assert (status, code(payload)) == (400, "CSRF_PREVENTED")
    extensions = f'{{"persistedQuery":{{"version":1,"sha256Hash":"{sha256(TITLES)}"}}}}'
    status, payload, _ = await get(trusted, {"extensions": extensions})
    assert (status, code(payload)) == (400, "CSRF_PREVENTED")


async def test_persisted_only_keys_run_trusted_documents(
    pushed_config: GatewayConfig, trusted: GraphQLClient
) -> None:
    plan = KeyPlan(
        channels=(Channel.PARTNER,), scopes=frozenset({"catalog:read"}), persisted_only=True
    )
    store = open_store(pushed_config.state_database, pushed_config.data_dir)
    await store.start()
    try:
        text, _ = await KeyService(store).create("listing-partner", KeyKind.SECRET, plan)
    finally:
        await store.aclose()
    key = {"X-Omnicanal-Key": text}
    status, payload = await post(trusted, {"query": TITLES}, headers=key)
    assert code(payload) == "PERSISTED_QUERY_REQUIRED"
    status, payload = await post(trusted, {"query": TITLES, "extensions": apq(TITLES)}, headers=key)
    assert "errors" not in payload  # the text is a trusted document's, by its hash
    status, payload = await post(trusted, {"documentId": "titles"}, headers=key)
    assert status == 200
    assert len(payload["data"]["products"]["nodes"]) == 3
    # A secret key's traffic is metered and budgeted: a CDN must not answer for it.
    status, payload, headers = await get(trusted, {"documentId": "titles"}, {**PLAIN_GET, **key})
    assert status == 200
    assert headers["Cache-Control"] == "private, no-store"


async def test_a_hash_registered_on_one_replica_is_found_on_another(
    own_sample_dir: Path, recorder: Recorder
) -> None:
    with redis_database() as url:
        config = instrumented_config(own_sample_dir)
        config = dataclasses.replace(
            config, access=dataclasses.replace(config.access, redis_url=url)
        )
        async with running_gateway(config) as first, running_gateway(config) as second:
            status, payload = await post(second, {"extensions": apq(TITLES)})
            assert code(payload) == "PERSISTED_QUERY_NOT_FOUND"
            await post(first, {"query": TITLES, "extensions": apq(TITLES)})
            status, payload = await post(second, {"extensions": apq(TITLES)})
            assert status == 200
            assert len(payload["data"]["products"]["nodes"]) == 3
