"""The key store on PostgreSQL, for several replicas: psycopg 3 with its async pool."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from gateway.keys.migrations import CREATE_LEDGER, MIGRATIONS, statements
from gateway.keys.model import StoredDocument, UsageRow
from gateway.keys.store import (
    SqlKeyStore,
    SqlStatements,
    document_params,
    usage_params,
)

SQL = SqlStatements("%s")
# Any constant shared by every replica: the advisory lock that serialises migrations.
MIGRATION_LOCK = 0x6F6D6E69
POOL_MAX = 10
CONNECT_TIMEOUT_S = 10.0


class PostgresKeyStore(SqlKeyStore):
    sql = SQL

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

    async def add_usage(self, rows: Sequence[UsageRow]) -> None:
        async with self._pool.connection() as db, db.cursor() as cursor:
            await cursor.executemany(self.sql.add_usage, [usage_params(r) for r in rows])

    async def put_document(self, document: StoredDocument, ids: Sequence[str]) -> None:
        async with self._pool.connection() as db, db.transaction():
            await db.execute(self.sql.insert_document, document_params(document))
            async with db.cursor() as cursor:
                await cursor.executemany(self.sql.name_document, [(i, document.hash) for i in ids])

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
