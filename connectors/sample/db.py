"""The sample's SQLite connection, owned by a single worker thread.

sqlite3 calls block, so every statement runs on a one-thread executor: the event loop never
waits on disk, and the writes checkout will add are serialised without a lock. `statements`
counts the statements the protocol methods run, so tests can assert that a batch costs a
bounded number of queries however many keys it carries.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from connectors.errors import UpstreamUnavailable

# Keys per `IN (...)` list: one statement per chunk keeps every batch far below SQLite's
# bound-parameter limit.
CHUNK_SIZE = 500
KEYS_MARKER = "{keys}"

T = TypeVar("T")
Row = sqlite3.Row


class SampleDatabase:
    def __init__(self, path: Path, connector: str = "sample") -> None:
        self.path = path
        self.connector = connector
        self.statements = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="omnicanal-sample")
        self._conn: sqlite3.Connection | None = None

    async def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the database thread (uncounted: set-up, probes)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def open(self) -> None:
        self._conn = await self.call(self._connect)

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread stays on: it would catch any call escaping the worker thread.
        conn = sqlite3.connect(self.path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        conn = self._connection()
        self.statements += 1
        return await self.call(lambda: conn.execute(sql, params).fetchall())

    async def fetch_in(
        self,
        sql: str,
        keys: Sequence[object],
        before: Sequence[object] = (),
        after: Sequence[object] = (),
    ) -> list[Row]:
        """Run `sql`, whose `{keys}` marker becomes `?,?,…`, once per chunk of distinct
        keys; `before` and `after` bind the parameters around the list."""
        unique = list(dict.fromkeys(keys))
        rows: list[Row] = []
        for start in range(0, len(unique), CHUNK_SIZE):
            chunk = unique[start : start + CHUNK_SIZE]
            marks = ",".join("?" * len(chunk))
            rows.extend(
                await self.fetch(sql.replace(KEYS_MARKER, marks), (*before, *chunk, *after))
            )
        return rows

    async def ping(self) -> None:
        conn = self._connection()
        await self.call(lambda: conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall())

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await self.call(conn.close)
        self._executor.shutdown(wait=True)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise UpstreamUnavailable(self.connector, "sample database is not open")
        return self._conn
