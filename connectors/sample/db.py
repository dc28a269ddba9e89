"""The sample's SQLite connection, owned by a single worker thread.

sqlite3 calls block, so every statement runs on a one-thread executor: the event loop never
waits on disk. A write runs as one function on that thread between `BEGIN IMMEDIATE` and
`COMMIT`, so nothing of this process interleaves with it, and the immediate lock keeps
another process on the same file from reading-then-writing in between either. `statements`
counts the statements the protocol methods run, so tests can assert that a batch costs a
bounded number of queries however many keys it carries.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from connectors.errors import UpstreamUnavailable

# Keys per `IN (...)` list: one statement per chunk keeps every batch far below SQLite's
# bound-parameter limit.
CHUNK_SIZE = 500
KEYS_MARKER = "{keys}"
# How long a write waits for another process's write lock before giving up.
BUSY_TIMEOUT_SECONDS = 10.0

T = TypeVar("T")
Row = sqlite3.Row


def chunked(sql: str, keys: Sequence[object]) -> Iterator[tuple[str, list[object]]]:
    """`sql` with its `{keys}` marker expanded, once per chunk of distinct keys."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK_SIZE):
        chunk = unique[start : start + CHUNK_SIZE]
        yield sql.replace(KEYS_MARKER, ",".join("?" * len(chunk))), chunk


class Transaction:
    """The connection inside one write transaction (on the database thread), counting."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.statements = 0

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self.statements += 1
        return self._conn.execute(sql, params).fetchall()

    def fetch_in(
        self,
        sql: str,
        keys: Sequence[object],
        before: Sequence[object] = (),
        after: Sequence[object] = (),
    ) -> list[Row]:
        rows: list[Row] = []
        for expanded, chunk in chunked(sql, keys):
            rows.extend(self.fetch(expanded, (*before, *chunk, *after)))
        return rows

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one write; returns the number of rows it changed."""
        self.statements += 1
        return self._conn.execute(sql, params).rowcount

    def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self.statements += 1
            self._conn.executemany(sql, rows)


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
        # Autocommit mode: reads take no lock beyond their statement, writes say BEGIN.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
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
        rows: list[Row] = []
        for expanded, chunk in chunked(sql, keys):
            rows.extend(await self.fetch(expanded, (*before, *chunk, *after)))
        return rows

    async def transaction(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` on the database thread inside one immediate transaction: it commits if
        `work` returns and rolls back if it raises, so a write is all or nothing."""
        conn = self._connection()
        tx = Transaction(conn)
        try:
            return await self.call(lambda: _run(conn, tx, work))
        finally:
            self.statements += tx.statements

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


def _run(conn: sqlite3.Connection, tx: Transaction, work: Callable[[Transaction], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(tx)
        conn.execute("COMMIT")
    except BaseException:
        # Some failures (a full disk, an interrupted statement) have rolled back already.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result
