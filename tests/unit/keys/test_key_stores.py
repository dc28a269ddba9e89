"""Both key stores, for real: the data dir's SQLite file and the machine's PostgreSQL,
each in a database of its own. The same behaviour is asserted on both."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from connectors.context import Channel
from gateway.keys.model import Budget, KeyKind, KeyPlan, StoredDocument, UsageRow
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService, UnknownKey
from gateway.keys.store import KeyStore
from tests.support.services import postgres_database

PLAN = KeyPlan(
    channels=(Channel.PARTNER,),
    scopes=frozenset({"catalog:read", "inventory:read"}),
    max_cost=500,
    budget=Budget(1000, 50),
)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str
) -> AsyncIterator[KeyStore]:
    kind_store = open_store(postgres_url if request.param == "postgres" else None, tmp_path)
    await kind_store.start()
    await kind_store.start()  # a second replica starting finds the migrations applied
    yield kind_store
    await kind_store.aclose()


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_a_key_is_shown_once_and_stored_as_a_hash(store: KeyStore) -> None:
    service = KeyService(store)
    text, key = await service.create("price-compare", KeyKind.SECRET, PLAN)
    assert text.startswith(f"ocsk_{key.id}_")
    stored = await store.find(key.id)
    assert stored is not None
    assert text not in repr(stored)
    assert text not in str(stored.describe())
    assert stored.secret_hash != text
    assert len(stored.secret_hash) == 64
    assert stored.plan == PLAN


async def test_recognise_refuses_wrong_secret_kind_and_garbage(store: KeyStore) -> None:
    service = KeyService(store)
    text, key = await service.create("pwa", KeyKind.PUBLISHABLE, PLAN)
    recognised = await service.recognise(text)
    assert recognised is not None
    assert recognised.id == key.id
    wrong_secret = text[:-1] + ("A" if text[-1] != "A" else "B")
    assert await service.recognise(wrong_secret) is None
    assert await service.recognise(text.replace("ocpk_", "ocsk_")) is None
    for garbage in ("", "ocpk_", "x" * 10_000, "ocpk_zzzzzzzzzzzz_" + "a" * 32, "\x00"):
        assert await service.recognise(garbage) is None


async def test_revoked_key_stops(store: KeyStore) -> None:
    clock = Clock()
    service = KeyService(store, clock=clock)
    text, key = await service.create("pos", KeyKind.SECRET, PLAN)
    await service.revoke(key.id)
    assert await KeyService(store, clock=clock).recognise(text) is None
    with pytest.raises(UnknownKey):
        await service.revoke("000000000000")


async def test_rotation_overlap_then_only_the_new_key(store: KeyStore) -> None:
    clock = Clock()
    service = KeyService(store, clock=clock)
    old_text, old = await service.create("marketplace", KeyKind.SECRET, PLAN)
    new_text, new = await service.rotate(old.id, overlap_s=600)
    assert new.id != old.id
    assert new.plan == old.plan
    assert new.name == old.name
    fresh = KeyService(store, clock=clock)
    assert await fresh.recognise(old_text) is not None
    assert await fresh.recognise(new_text) is not None
    clock.now += 601
    later = KeyService(store, clock=clock)
    assert await later.recognise(old_text) is None
    assert await later.recognise(new_text) is not None


async def test_usage_adds_up_per_hour(store: KeyStore) -> None:
    service = KeyService(store)
    _, key = await service.create("meter", KeyKind.SECRET, PLAN)
    hour = 1_800_000_000 // 3600 * 3600
    await store.add_usage([UsageRow(key.id, hour, 3, 120, 1)])
    await store.add_usage(
        [UsageRow(key.id, hour, 2, 30, 0), UsageRow(key.id, hour + 3600, 1, 5, 0)]
    )
    rows = await store.usage(key.id, hour)
    assert [(r.hour, r.requests, r.cost, r.refusals) for r in rows] == [
        (hour, 5, 150, 1),
        (hour + 3600, 1, 5, 0),
    ]
    assert await store.usage(key.id, hour + 3600) == rows[1:]
    assert [k.id for k in await store.all()].count(key.id) == 1


async def test_documents_by_id_and_by_hash(store: KeyStore) -> None:
    body = "query Listing { products(first: 2) { nodes { title } } }"
    digest = hashlib.sha256(body.encode()).hexdigest()
    document = StoredDocument(digest, body, "Listing", 4, 1_800_000_000.0)
    await store.put_document(document, ["listing-v1", "web/Listing"])
    await store.put_document(document, ["listing-v1"])  # pushing twice changes nothing
    assert await store.find_document("listing-v1") == document
    assert await store.find_document("web/Listing") == document
    assert await store.find_document(digest) == document
    assert await store.find_document(f"sha256:{digest}") == document
    assert await store.find_document("nope") is None
    assert await store.find_document("0" * 64) is None
