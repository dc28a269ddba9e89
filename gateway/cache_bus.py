"""Redis as the cache tier replicas share, and the bus that carries purges to them.

Entries: `omnicanal:cache:e:<source>|<domain>|<method>|<hash>` (bytes of cache_codec, a
lifetime of TTL plus grace). Tags: one set per tag, `omnicanal:cache:t:<tag>`, listing the
entries that carry it (kept as long as its longest entry). `domain:<name>` has no set (it
would list a whole domain): its purge scans the domain's entry names instead. A purge
deletes in Redis first, then publishes the tags on `omnicanal:cache:purge`; every replica's
listener drops its in-process entries with those tags. A replica that loses the
subscription forgets its in-process entries when it gets it back (it may have missed
purges). Redis failing never fails a request: reads are misses, writes are dropped, and the
cache goes on in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Sequence

import orjson
import redis.asyncio as redis
from redis.exceptions import RedisError

from connectors.cache_group import CacheGroup
from connectors.cache_tier import TierItem

log = logging.getLogger("omnicanal.cache")

PREFIX = "omnicanal:cache:"
CHANNEL = PREFIX + "purge"
DOMAIN_TAG = "domain:"
# A Redis that does not answer within this is treated as absent for that call.
COMMAND_TIMEOUT_S = 0.25
RESUBSCRIBE_S = 1.0
SCAN_BATCH = 500
_FAILURES = (RedisError, OSError, TimeoutError)

# Deletes every entry listed by the tag sets in KEYS, then the sets.
_PURGE_TAGS = """
for _, tag in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', tag)
  for i = 1, #members, 500 do
    redis.call('UNLINK', unpack(members, i, math.min(i + 499, #members)))
  end
  redis.call('UNLINK', tag)
end
return 0
"""


class RedisCacheTier:
    def __init__(self, url: str, group: CacheGroup) -> None:
        self._url, self._group = url, group
        self._origin = secrets.token_hex(8)  # this replica, to skip its own messages
        self._client = redis.Redis.from_url(
            url, socket_timeout=COMMAND_TIMEOUT_S, socket_connect_timeout=COMMAND_TIMEOUT_S
        )
        self._purge_script = self._client.register_script(_PURGE_TAGS)
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        """Subscribes before the first request, so no purge is missed from then on."""
        self._group.connect(self.purge)
        self._listener = asyncio.create_task(self._listen(), name="omnicanal-cache-bus")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2.0):
                await self._subscribed.wait()

    async def aclose(self) -> None:
        self._group.connect(None)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._client.aclose()

    async def get_many(self, keys: Sequence[str]) -> Sequence[bytes | None]:
        try:
            values = await self._client.mget([PREFIX + "e:" + k for k in keys])
            return [v if isinstance(v, bytes) else None for v in values]
        except _FAILURES as exc:
            log.warning("cache tier read failed: %s", exc)
            return [None] * len(keys)

    async def put_many(self, items: Sequence[TierItem]) -> None:
        pipe = self._client.pipeline(transaction=False)
        for item in items:
            name, lifetime_ms = PREFIX + "e:" + item.key, max(1, int(item.lifetime_s * 1000))
            pipe.set(name, item.data, px=lifetime_ms)
            for tag in item.tags:
                if not tag.startswith(DOMAIN_TAG):
                    pipe.sadd(PREFIX + "t:" + tag, name)
                    pipe.pexpire(PREFIX + "t:" + tag, lifetime_ms, gt=True)
                    pipe.pexpire(PREFIX + "t:" + tag, lifetime_ms, nx=True)
        try:
            await pipe.execute()
        except _FAILURES as exc:
            log.warning("cache tier write failed: %s", exc)

    async def purge(self, tags: frozenset[str]) -> None:
        """Deletes the tags' entries in Redis, then tells every other replica."""
        try:
            await self._delete(tags)
            message = orjson.dumps({"origin": self._origin, "tags": sorted(tags)})
            await self._client.publish(CHANNEL, message)
        except _FAILURES as exc:
            log.warning("cache purge of %s not shared: %s", sorted(tags), exc)

    async def _delete(self, tags: frozenset[str]) -> None:
        indexed = [PREFIX + "t:" + t for t in tags if not t.startswith(DOMAIN_TAG)]
        if indexed:
            await self._purge_script(keys=indexed)
        for tag in tags:
            if tag.startswith(DOMAIN_TAG):
                await self._delete_domain(tag.removeprefix(DOMAIN_TAG))

    async def _delete_domain(self, domain: str) -> None:
        pattern = f"{PREFIX}e:*|{_glob_escape(domain)}|*"
        async for batch in _batches(self._client.scan_iter(match=pattern, count=SCAN_BATCH)):
            await self._client.unlink(*batch)

    async def _listen(self) -> None:
        first = True
        while True:
            try:
                await self._follow(first)
            except _FAILURES as exc:
                log.warning("cache bus lost (%s); resubscribing", exc)
            first = False
            await asyncio.sleep(RESUBSCRIBE_S)

    async def _follow(self, first: bool) -> None:
        # Its own connection, without the command timeout: it waits for messages.
        client = redis.Redis.from_url(self._url, health_check_interval=10)
        try:
            async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                await pubsub.subscribe(CHANNEL)
                if not first:
                    self._group.clear_local()
                self._subscribed.set()
                async for message in pubsub.listen():
                    self._on_message(message.get("data"))
        finally:
            await client.aclose()

    def _on_message(self, data: object) -> None:
        try:
            body = orjson.loads(data) if isinstance(data, bytes | str) else None
        except orjson.JSONDecodeError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("tags"), list):
            log.warning("cache bus: ignored a message that is not a purge")
            return
        if body.get("origin") != self._origin:
            self._group.purge_local(str(tag) for tag in body["tags"])


async def _batches(
    names: AsyncIterator[bytes], size: int = SCAN_BATCH
) -> AsyncIterator[list[bytes]]:
    batch: list[bytes] = []
    async for name in names:
        batch.append(name)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)
