"""Where automatic persisted queries (APQ) are registered: a bounded in-process LRU, and
Redis when replicas share one (`[gateway.redis] url`), so that a hash registered on one
replica is found on the others. An APQ entry is only a bandwidth saving, never a
promise: Redis bounds it by a TTL, the LRU by count and bytes, and a client that finds
its hash gone simply sends the text again. So a failing Redis is a miss, never an error."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("omnicanal.apq")

LOCAL_ENTRIES = 2000
LOCAL_CHARS = 8 << 20  # what the LRU holds at most, whatever the documents' sizes
# A registration larger than this is executed but not kept: hand-written operations are a
# few KiB; anything near the body cap is not worth a slot.
MAX_DOCUMENT_CHARS = 64 << 10
REDIS_TTL_S = 24 * 3600
REDIS_TIMEOUT_S = 0.5  # a stalled Redis must not stall requests: it is only a cache
REDIS_PREFIX = "omnicanal:apq:"


class ApqStore(Protocol):
    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, text: str) -> None: ...

    async def aclose(self) -> None: ...


class BoundedTexts:
    """An LRU of texts bounded by entry count and by total characters."""

    def __init__(self, entries: int = LOCAL_ENTRIES, chars: int = LOCAL_CHARS) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._entries = entries
        self._chars_cap = chars
        self._chars = 0

    def get(self, digest: str) -> str | None:
        text = self._items.get(digest)
        if text is not None:
            self._items.move_to_end(digest)
        return text

    def put(self, digest: str, text: str) -> None:
        previous = self._items.pop(digest, None)
        if previous is not None:
            self._chars -= len(previous)
        self._items[digest] = text
        self._chars += len(text)
        while len(self._items) > self._entries or self._chars > self._chars_cap:
            _, dropped = self._items.popitem(last=False)
            self._chars -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


class MemoryApqStore:
    def __init__(self, texts: BoundedTexts | None = None) -> None:
        self._texts = texts or BoundedTexts()

    async def get(self, digest: str) -> str | None:
        return self._texts.get(digest)

    async def put(self, digest: str, text: str) -> None:
        if len(text) <= MAX_DOCUMENT_CHARS:
            self._texts.put(digest, text)

    async def aclose(self) -> None:
        return None


class RedisApqStore:
    """Redis behind the local LRU. Entries are content-addressed (the key is the text's
    SHA-256), so a local copy can never be stale."""

    def __init__(self, redis: Redis, ttl_s: float = REDIS_TTL_S) -> None:
        self._redis = redis
        self._ttl_s = int(ttl_s)
        self._local = MemoryApqStore()

    async def get(self, digest: str) -> str | None:
        text = await self._local.get(digest)
        if text is not None:
            return text
        try:
            raw = await self._redis.get(REDIS_PREFIX + digest)
        except (RedisError, OSError) as exc:
            log.warning("APQ lookup in Redis failed, treated as a miss: %r", exc)
            return None
        if raw is None:
            return None
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        await self._local.put(digest, text)
        return text

    async def put(self, digest: str, text: str) -> None:
        if len(text) > MAX_DOCUMENT_CHARS:
            return
        await self._local.put(digest, text)
        try:
            await self._redis.set(REDIS_PREFIX + digest, text, ex=self._ttl_s)
        except (RedisError, OSError) as exc:
            log.warning("APQ registration in Redis failed, kept on this replica: %r", exc)

    async def aclose(self) -> None:
        await self._redis.aclose()


def open_apq_store(redis_url: str | None) -> ApqStore:
    if not redis_url:
        return MemoryApqStore()
    redis = Redis.from_url(
        redis_url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S
    )
    return RedisApqStore(redis)
