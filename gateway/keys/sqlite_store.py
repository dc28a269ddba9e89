"""The key store in the data dir's SQLite file: one node, no service to run. Each call
opens its own connection in a worker thread, so the event loop never waits on the disk
and several workers of one node share the file (WAL, a busy timeout)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from gateway.keys.migrations import CREATE_LEDGER, MIGRATIONS, statements
from gateway.keys.model import StoredDocument, UsageRow
from gateway.keys.store import (
    SqlKeyStore,
    SqlStatements,
    document_params,
    usage_params,
)

T = TypeVar("T")
BUSY_TIMEOUT_S = 5.0
SQL = SqlStatements("?")


class SqliteKeyStore(SqlKeyStore):
    sql = SQL

    def __init__(self, path: Path) -> None:
        self.path = path

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        await self._run(_migrate)

    async def aclose(self) -> None:
        return None

    async def add_usage(self, rows: Sequence[UsageRow]) -> None:
        params = [usage_params(r) for r in rows]

        def add(db: sqlite3.Connection) -> None:
            with db:
                db.executemany(self.sql.add_usage, params)

        await self._run(add)

    async def put_document(self, document: StoredDocument, ids: Sequence[str]) -> None:
        def put(db: sqlite3.Connection) -> None:
            with db:
                db.execute(self.sql.insert_document, document_params(document))
                db.executemany(self.sql.name_document, [(i, document.hash) for i in ids])

        await self._run(put)

    async def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        return await self._run(lambda db: db.execute(sql, params).fetchall())

    async def _write(self, sql: str, params: Sequence[Any]) -> int:
        def write(db: sqlite3.Connection) -> int:
            with db:
                return db.execute(sql, params).rowcount

        return await self._run(write)

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._with_connection, work)

    def _with_connection(self, work: Callable[[sqlite3.Connection], T]) -> T:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return work(db)
        finally:
            db.close()


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")  # one worker migrates; the others wait, then see it done
    try:
        db.execute(CREATE_LEDGER)
        done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            for statement in statements(sql):
                db.execute(statement)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
