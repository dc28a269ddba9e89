"""Usage per key per hour (requests, cost points, refusals), counted in memory on the
request path and added to the store every few seconds and at shutdown, so that metering
costs a dict update per request and one upsert per key and hour per flush."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable

from gateway.keys.model import UsageRow
from gateway.keys.store import KeyStore

log = logging.getLogger("omnicanal.keys")
FLUSH_EVERY_S = 5.0


class UsageMeter:
    def __init__(
        self,
        store: KeyStore,
        clock: Callable[[], float] = time.time,
        flush_every_s: float = FLUSH_EVERY_S,
    ) -> None:
        self._store = store
        self._clock = clock
        self._every = flush_every_s
        self._pending: defaultdict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
        self._task: asyncio.Task[None] | None = None

    def count(self, key_id: str, cost: int, refused: bool) -> None:
        hour = int(self._clock()) // 3600 * 3600
        counters = self._pending[(key_id, hour)]
        counters[0] += 1
        counters[1] += max(0, cost)
        counters[2] += int(refused)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def flush(self) -> None:
        pending, self._pending = self._pending, defaultdict(lambda: [0, 0, 0])
        if not pending:
            return
        rows = [UsageRow(k, h, *counts) for (k, h), counts in pending.items()]
        try:
            await self._store.add_usage(rows)
        except Exception:  # the store is down: keep the counts for the next flush
            log.warning("usage flush failed; %d rows kept for the next one", len(rows))
            for row in rows:
                counters = self._pending[(row.key_id, row.hour)]
                counters[0] += row.requests
                counters[1] += row.cost
                counters[2] += row.refusals

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            await self.flush()
