"""The APQ registrations' bounds: the in-process LRU by count and by characters, a
document too large to keep, and a Redis that does not answer (a miss, never an error)."""

from __future__ import annotations

from redis.asyncio import Redis

from gateway.apq_store import MAX_DOCUMENT_CHARS, BoundedTexts, MemoryApqStore, RedisApqStore


def test_the_lru_is_bounded_by_entries_and_by_characters() -> None:
    texts = BoundedTexts(entries=3, chars=100)
    for i in range(5):
        texts.put(f"h{i}", "x")
    assert len(texts) == 3
    assert texts.get("h0") is None
    assert texts.get("h4") == "x"
    texts.put("big", "y" * 90)
    texts.put("bigger", "z" * 60)  # 90 + 60 > 100: the least recent go first
    assert texts.get("big") is None
    assert texts.get("bigger") == "z" * 60


async def test_a_document_too_large_is_not_kept() -> None:
    store = MemoryApqStore()
    await store.put("large", "{ a }" + " " * MAX_DOCUMENT_CHARS)
    assert await store.get("large") is None
    await store.put("small", "{ a }")
    assert await store.get("small") == "{ a }"


async def test_a_redis_that_does_not_answer_is_a_miss() -> None:
    # Nothing listens on port 1: every call fails at once.
    redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    store = RedisApqStore(redis)
    assert await store.get("0" * 64) is None
    await store.put("a" * 64, "{ a }")  # kept on this replica all the same
    assert await store.get("a" * 64) == "{ a }"
    await store.aclose()
