"""The state store's schema, as numbered migrations the project owns. The same DDL runs on
SQLite and PostgreSQL; each replica applies what is missing at start-up, one at a time
(an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            plan TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION,
            expires_at DOUBLE PRECISION
        );
        CREATE TABLE key_usage (
            key_id TEXT NOT NULL,
            hour BIGINT NOT NULL,
            requests BIGINT NOT NULL DEFAULT 0,
            cost BIGINT NOT NULL DEFAULT 0,
            refusals BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (key_id, hour)
        )
        """,
    ),
    (
        2,
        """
        CREATE TABLE documents (
            hash TEXT PRIMARY KEY,
            body TEXT NOT NULL,
            operation_name TEXT,
            cost BIGINT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE document_ids (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL
        )
        """,
    ),
)

CREATE_LEDGER = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)"
)


def statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]
