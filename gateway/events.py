"""The event bus: canonical change events from webhooks and the sample back office, purged
from the shared cache and fanned out to this process's subscriptions and, through Redis
pub/sub when `[gateway.redis] url` is set, to every other replica's.

The replica that receives an event purges the cache everywhere first (the cache group
tells the other replicas and the Redis tier), then dispatches to its own subscribers and
publishes; a replica hearing it from Redis purges its own memory again before dispatching,
because the two Redis channels keep no order between them and a subscriber re-reads the
value the event names. Each subscriber has a bounded queue: one that does not keep up
loses its oldest events, never the process's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from connectors.events import (
    ChangeEvent,
    EventFilter,
    MalformedEvent,
    SubscriptionLimit,
    event_from_json,
    to_json,
)
from gateway import metrics

log = logging.getLogger("omnicanal.events")

CHANNEL = "omnicanal:events"
QUEUE_SIZE = 256
CONNECT_WAIT_S = 2.0
RECONNECT_S = (0.1, 0.5, 1.0, 2.0, 5.0)


class Purger(Protocol):
    """The cache group (connectors/cache_group.py): `purge` here, in Redis and in every
    replica; `purge_local` in this process only."""

    async def purge(self, tags: Iterable[str]) -> None: ...

    def purge_local(self, tags: Iterable[str]) -> int: ...


@dataclass(eq=False)
class _Subscriber:
    selection: EventFilter
    queue: asyncio.Queue[ChangeEvent] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    dropped: int = 0

    def offer(self, event: ChangeEvent) -> None:
        if self.queue.full():
            self.queue.get_nowait()  # the oldest goes: the latest state matters most
            self.dropped += 1
        self.queue.put_nowait(event)


@dataclass
class BusCounters:
    published: int = 0  # events this replica received (webhook or in-process) and sent on
    received: int = 0  # events heard from other replicas
    delivered: int = 0  # (event, subscriber) pairs queued


class EventBus:
    def __init__(
        self, purger: Purger, redis_url: str | None = None, max_subscribers: int = 10_000
    ) -> None:
        self._purger = purger
        self._redis_url = redis_url
        self._max = max_subscribers
        self._subscribers: set[_Subscriber] = set()
        self._origin = secrets.token_hex(8)  # to recognise our own messages on the channel
        self._redis: Any = None
        self._listener: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._pending: set[asyncio.Task[None]] = set()
        self.counters = BusCounters()

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    @property
    def redis(self) -> Any:
        """The Redis client (None without `[gateway.redis] url`), for the replay guard."""
        return self._redis

    async def start(self) -> None:
        if self._redis_url is None:
            return
        import redis.asyncio as redis

        self._redis = redis.Redis.from_url(self._redis_url)
        self._listener = asyncio.create_task(self._listen(), name="event-bus")
        # Not fatal: the gateway serves without Redis; events then stay on this replica.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(CONNECT_WAIT_S):
                await self._connected.wait()
        if not self._connected.is_set():
            log.warning("event bus: Redis not reachable yet; events stay on this replica")

    async def aclose(self) -> None:
        for task in (*self._pending, *([self._listener] if self._listener else [])):
            task.cancel()
        await asyncio.gather(*self._pending, return_exceptions=True)
        if self._listener is not None:
            await asyncio.gather(self._listener, return_exceptions=True)
        if self._redis is not None:
            await self._redis.aclose()

    async def publish(self, events: Sequence[ChangeEvent]) -> None:
        """Events that happened here: purge everywhere, tell local subscribers, then the
        other replicas."""
        if not events:
            return
        await self._purger.purge(_tags(events))
        self.counters.published += len(events)
        self._dispatch(events)
        if self._redis is not None:
            message = {"origin": self._origin, "events": [to_json(e) for e in events]}
            try:
                await self._redis.publish(CHANNEL, orjson.dumps(message))
            except Exception as exc:  # Redis down: this replica still heard them
                log.warning("event bus: could not publish to Redis: %s", exc)

    def emit(self, event: ChangeEvent) -> None:
        """A synchronous sink for in-process sources (the sample back office's writes)."""
        task = asyncio.get_running_loop().create_task(self.publish([event]))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @contextlib.asynccontextmanager
    async def listen(
        self, selection: EventFilter
    ) -> AsyncIterator[AsyncIterator[Sequence[ChangeEvent]]]:
        if len(self._subscribers) >= self._max:
            raise SubscriptionLimit(f"this replica holds {self._max} subscriptions already")
        subscriber = _Subscriber(selection)
        self._subscribers.add(subscriber)
        metrics.subscription_opened()
        try:
            yield _drain(subscriber.queue)
        finally:
            self._subscribers.discard(subscriber)
            metrics.subscription_closed()

    def _dispatch(self, events: Sequence[ChangeEvent]) -> None:
        for event in events:
            for subscriber in self._subscribers:
                if subscriber.selection.matches(event):
                    subscriber.offer(event)
                    self.counters.delivered += 1

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._connected.set()
                    attempt = 0
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._receive(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # lost Redis: retry, bounded backoff
                self._connected.clear()
                delay = RECONNECT_S[min(attempt, len(RECONNECT_S) - 1)]
                log.warning("event bus: Redis subscription lost (%s); retrying in %ss", exc, delay)
                attempt += 1
                await asyncio.sleep(delay)

    def _receive(self, data: bytes) -> None:
        try:
            message = orjson.loads(data)
            if message.get("origin") == self._origin:
                return  # ours: already purged and dispatched
            events = [event_from_json(e) for e in message["events"]]
        except (orjson.JSONDecodeError, MalformedEvent, KeyError, TypeError, AttributeError):
            log.warning("event bus: ignored a malformed message on %s", CHANNEL)
            return
        self._purger.purge_local(_tags(events))
        self.counters.received += len(events)
        self._dispatch(events)


async def _drain(queue: asyncio.Queue[ChangeEvent]) -> AsyncIterator[Sequence[ChangeEvent]]:
    """One batch per wake-up: the first event and every one queued behind it, so that a
    subscriber reads once for a burst (a checkout of five SKUs)."""
    while True:
        batch = [await queue.get()]
        while not queue.empty():
            batch.append(queue.get_nowait())
        yield batch


def _tags(events: Sequence[ChangeEvent]) -> frozenset[str]:
    return frozenset(t for e in events for t in e.tags())
