"""The key store a configuration names: PostgreSQL when a database URL is set, else the
data dir's SQLite file."""

from __future__ import annotations

from pathlib import Path

from gateway.keys.store import KeyStore

STATE_FILE = "state.db"


def open_store(database_url: str | None, data_dir: Path) -> KeyStore:
    if database_url:
        from gateway.keys.postgres_store import PostgresKeyStore

        return PostgresKeyStore(database_url)
    from gateway.keys.sqlite_store import SqliteKeyStore

    return SqliteKeyStore(data_dir / STATE_FILE)
