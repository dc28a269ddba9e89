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
from gateway.keys.model import ApiKey, StoredDocument, UsageRow
from gateway.keys.store import (
    SqlStatements,
    document_from_row,
    document_params,
    hash_of,
    key_from_row,
    key_params,
    usage_from_row,
    usage_params,
)

T = TypeVar("T")
BUSY_TIMEOUT_S = 5.0
SQL = SqlStatements("?")


class SqliteKeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    async def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        await self._run(_migrate)

    async def aclose(self) -> None:
        return None

    async def insert(self, key: ApiKey) -> None:
        await self._write(SQL.insert, key_params(key))

    async def find(self, key_id: str) -> ApiKey | None:
        rows = await self._read(SQL.find, (key_id,))
        return key_from_row(rows[0]) if rows else None

    async def all(self) -> list[ApiKey]:
        return [key_from_row(r) for r in await self._read(SQL.all, ())]

    async def set_revoked(self, key_id: str, at: float) -> bool:
        return await self._write(SQL.revoke, (at, key_id)) > 0

    async def set_expires(self, key_id: str, at: float) -> bool:
        return await self._write(SQL.expire, (at, key_id)) > 0

    async def add_usage(self, rows: Sequence[UsageRow]) -> None:
        params = [usage_params(r) for r in rows]

        def add(db: sqlite3.Connection) -> None:
            with db:
                db.executemany(SQL.add_usage, params)

        await self._run(add)

    async def usage(self, key_id: str, since_hour: int) -> list[UsageRow]:
        return [usage_from_row(r) for r in await self._read(SQL.usage, (key_id, since_hour))]

    async def put_document(self, document: StoredDocument, ids: Sequence[str]) -> None:
        def put(db: sqlite3.Connection) -> None:
            with db:
                db.execute(SQL.insert_document, document_params(document))
                db.executemany(SQL.name_document, [(i, document.hash) for i in ids])

        await self._run(put)

    async def find_document(self, ref: str) -> StoredDocument | None:
        digest = hash_of(ref)
        rows = await self._read(SQL.document_by_hash, (digest,)) if digest else []
        if not rows:
            rows = await self._read(SQL.document_by_id, (ref,))
        return document_from_row(rows[0]) if rows else None

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
