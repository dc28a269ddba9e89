"""Where keys and their usage live. Two back ends share every statement: SQLite in the
data dir (one node, the default) and PostgreSQL (several replicas)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from gateway.keys.model import ApiKey, KeyKind, KeyPlan, StoredDocument, UsageRow

Row = Sequence[Any]
KEY_COLUMNS = "id, name, kind, secret_hash, plan, created_at, revoked_at, expires_at"
DOCUMENT_COLUMNS = "hash, body, operation_name, cost, created_at"


class KeyStore(Protocol):
    async def start(self) -> None:
        """Open, and apply the migrations this replica finds missing."""

    async def aclose(self) -> None: ...

    async def insert(self, key: ApiKey) -> None: ...

    async def find(self, key_id: str) -> ApiKey | None: ...

    async def all(self) -> list[ApiKey]: ...

    async def set_revoked(self, key_id: str, at: float) -> bool: ...

    async def set_expires(self, key_id: str, at: float) -> bool: ...

    async def add_usage(self, rows: Sequence[UsageRow]) -> None:
        """Add to the hourly counters (an upsert per row)."""

    async def usage(self, key_id: str, since_hour: int) -> list[UsageRow]: ...

    async def put_document(self, document: StoredDocument, ids: Sequence[str]) -> None:
        """Store a document under its hash and the ids a manifest gives it (an id pushed
        again names the newer document)."""

    async def find_document(self, ref: str) -> StoredDocument | None:
        """By id, or by SHA-256 (hex, with or without a `sha256:` prefix)."""


class SqlStatements:
    """The statements both back ends run; `?` becomes the driver's placeholder."""

    def __init__(self, placeholder: str) -> None:
        self._p = placeholder

    def sql(self, text: str) -> str:
        return text.replace("?", self._p)

    @property
    def insert(self) -> str:
        return self.sql(f"INSERT INTO api_keys ({KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")

    @property
    def find(self) -> str:
        return self.sql(f"SELECT {KEY_COLUMNS} FROM api_keys WHERE id = ?")

    @property
    def all(self) -> str:
        return f"SELECT {KEY_COLUMNS} FROM api_keys ORDER BY created_at, id"

    @property
    def revoke(self) -> str:
        return self.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")

    @property
    def expire(self) -> str:
        return self.sql("UPDATE api_keys SET expires_at = ? WHERE id = ?")

    @property
    def add_usage(self) -> str:
        return self.sql(
            "INSERT INTO key_usage (key_id, hour, requests, cost, refusals) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (key_id, hour) DO UPDATE SET"
            " requests = key_usage.requests + excluded.requests,"
            " cost = key_usage.cost + excluded.cost,"
            " refusals = key_usage.refusals + excluded.refusals"
        )

    @property
    def usage(self) -> str:
        return self.sql(
            "SELECT key_id, hour, requests, cost, refusals FROM key_usage"
            " WHERE key_id = ? AND hour >= ? ORDER BY hour"
        )

    @property
    def insert_document(self) -> str:
        return self.sql(
            f"INSERT INTO documents ({DOCUMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (hash) DO NOTHING"
        )

    @property
    def name_document(self) -> str:
        return self.sql(
            "INSERT INTO document_ids (id, hash) VALUES (?, ?)"
            " ON CONFLICT (id) DO UPDATE SET hash = excluded.hash"
        )

    @property
    def document_by_hash(self) -> str:
        return self.sql(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE hash = ?")

    @property
    def document_by_id(self) -> str:
        columns = ", ".join(f"d.{c.strip()}" for c in DOCUMENT_COLUMNS.split(","))
        return self.sql(
            f"SELECT {columns} FROM document_ids i JOIN documents d ON d.hash = i.hash"
            " WHERE i.id = ?"
        )


class SqlKeyStore:
    """What both back ends do the same way, over two primitives each implements: a read
    returning rows and a write returning the rows it changed."""

    sql: SqlStatements

    async def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        raise NotImplementedError

    async def _write(self, sql: str, params: Sequence[Any]) -> int:
        raise NotImplementedError

    async def insert(self, key: ApiKey) -> None:
        await self._write(self.sql.insert, key_params(key))

    async def find(self, key_id: str) -> ApiKey | None:
        rows = await self._read(self.sql.find, (key_id,))
        return key_from_row(rows[0]) if rows else None

    async def all(self) -> list[ApiKey]:
        return [key_from_row(r) for r in await self._read(self.sql.all, ())]

    async def set_revoked(self, key_id: str, at: float) -> bool:
        return await self._write(self.sql.revoke, (at, key_id)) > 0

    async def set_expires(self, key_id: str, at: float) -> bool:
        return await self._write(self.sql.expire, (at, key_id)) > 0

    async def usage(self, key_id: str, since_hour: int) -> list[UsageRow]:
        rows = await self._read(self.sql.usage, (key_id, since_hour))
        return [usage_from_row(r) for r in rows]

    async def find_document(self, ref: str) -> StoredDocument | None:
        digest = hash_of(ref)
        rows = await self._read(self.sql.document_by_hash, (digest,)) if digest else []
        if not rows:
            rows = await self._read(self.sql.document_by_id, (ref,))
        return document_from_row(rows[0]) if rows else None


def document_params(document: StoredDocument) -> tuple[Any, ...]:
    return (
        document.hash,
        document.body,
        document.operation_name,
        document.cost,
        document.created_at,
    )


def document_from_row(row: Row) -> StoredDocument:
    return StoredDocument(row[0], row[1], row[2], int(row[3]), float(row[4]))


def hash_of(ref: str) -> str | None:
    """The SHA-256 a reference names, if it is one."""
    text = ref.removeprefix("sha256:")
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return text
    return None


def key_params(key: ApiKey) -> tuple[Any, ...]:
    plan = json.dumps(key.plan.to_json(), sort_keys=True)
    return (
        key.id,
        key.name,
        key.kind.value,
        key.secret_hash,
        plan,
        key.created_at,
        key.revoked_at,
        key.expires_at,
    )


def key_from_row(row: Row) -> ApiKey:
    return ApiKey(
        id=row[0],
        name=row[1],
        kind=KeyKind(row[2]),
        secret_hash=row[3],
        plan=KeyPlan.from_json(json.loads(row[4])),
        created_at=float(row[5]),
        revoked_at=None if row[6] is None else float(row[6]),
        expires_at=None if row[7] is None else float(row[7]),
    )


def usage_params(row: UsageRow) -> tuple[Any, ...]:
    return (row.key_id, row.hour, row.requests, row.cost, row.refusals)


def usage_from_row(row: Row) -> UsageRow:
    return UsageRow(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]))
