"""The key store on PostgreSQL, for several replicas: psycopg 3 with its async pool."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

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

SQL = SqlStatements("%s")
# Any constant shared by every replica: the advisory lock that serialises migrations.
MIGRATION_LOCK = 0x6F6D6E69
POOL_MAX = 10
CONNECT_TIMEOUT_S = 10.0


class PostgresKeyStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._pool = AsyncConnectionPool(
            url, min_size=1, max_size=POOL_MAX, open=False, timeout=CONNECT_TIMEOUT_S
        )

    async def start(self) -> None:
        await self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        async with self._pool.connection() as db:
            await _migrate(db)

    async def aclose(self) -> None:
        await self._pool.close()

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
        async with self._pool.connection() as db, db.cursor() as cursor:
            await cursor.executemany(SQL.add_usage, [usage_params(r) for r in rows])

    async def usage(self, key_id: str, since_hour: int) -> list[UsageRow]:
        return [usage_from_row(r) for r in await self._read(SQL.usage, (key_id, since_hour))]

    async def put_document(self, document: StoredDocument, ids: Sequence[str]) -> None:
        async with self._pool.connection() as db, db.transaction():
            await db.execute(SQL.insert_document, document_params(document))
            async with db.cursor() as cursor:
                await cursor.executemany(SQL.name_document, [(i, document.hash) for i in ids])

    async def find_document(self, ref: str) -> StoredDocument | None:
        digest = hash_of(ref)
        rows = await self._read(SQL.document_by_hash, (digest,)) if digest else []
        if not rows:
            rows = await self._read(SQL.document_by_id, (ref,))
        return document_from_row(rows[0]) if rows else None

    async def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        async with self._pool.connection() as db:
            cursor = await db.execute(sql, params)
            return await cursor.fetchall()

    async def _write(self, sql: str, params: Sequence[Any]) -> int:
        async with self._pool.connection() as db:
            cursor = await db.execute(sql, params)
            return cursor.rowcount


async def _migrate(db: AsyncConnection[Any]) -> None:
    async with db.transaction():
        await db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await db.execute(CREATE_LEDGER)
        cursor = await db.execute("SELECT version FROM schema_migrations")
        done = {row[0] for row in await cursor.fetchall()}
        for version, sql in MIGRATIONS:
            if version in done:
                continue
            for statement in statements(sql):
                await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_migrations VALUES (%s, %s)", (version, time.time())
            )
