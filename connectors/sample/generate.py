"""Builds the sample database file, deterministically from a seed.

The file is written under a temporary name and moved into place in one step, so a crash or
a concurrent replica never leaves a half-built database where the connector would open it.
"""

from __future__ import annotations

import fcntl
import os
import random
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from connectors.sample.schema_sql import DATA_VERSION, SCHEMA_SQL
from connectors.sample.seed_catalog import seed_catalog
from connectors.sample.seed_content import seed_content
from connectors.sample.seed_customers import seed_customers
from connectors.sample.seed_loyalty import seed_loyalty
from connectors.sample.seed_orders import seed_orders
from connectors.sample.seed_prices import seed_prices
from connectors.sample.seed_stock import seed_stock
from connectors.sample.seed_stores import seed_stores


def ensure_database(path: Path, seed: int) -> bool:
    """Build the database unless `path` already holds this data version and seed.
    Returns whether it built one."""
    if _stamp(path) == (str(DATA_VERSION), str(seed)):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several gateway workers start at once: one builds while the others wait, then find
    # the stamp. Without the lock a late rename would swap the file under a worker that
    # already opened it, and its writes would go to an unlinked file.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _stamp(path) == (str(DATA_VERSION), str(seed)):
            return False
        build_database(path, seed)
        return True


def _stamp(path: Path) -> tuple[str | None, str | None] | None:
    if not path.is_file():
        return None
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:  # not a database, or one without our meta table: rebuild it
        return None
    return meta.get("data_version"), meta.get("seed")


def build_database(path: Path, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(tmp)) as conn:
            # Nothing to recover if generation dies half-way: skip the journal entirely.
            conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            conn.executescript(SCHEMA_SQL)
            with conn:
                _seed(conn, seed)
        # A journal left beside the old file would be replayed into the new one.
        for suffix in ("-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _seed(conn: sqlite3.Connection, seed: int) -> None:
    # One generator per seeder: changing what one seeder draws leaves the others' data alone.
    def rng(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    products = seed_catalog(conn, rng("catalog"))
    prices = seed_prices(conn, rng("prices"), products)
    seed_stores(conn)
    seed_stock(conn, rng("stock"), products)
    seed_content(conn, rng("content"), products)
    customers = seed_customers(conn, rng("customers"))
    accounts = seed_loyalty(conn, rng("loyalty"), customers)
    seed_orders(conn, rng("orders"), customers, accounts, products, prices)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("data_version", str(DATA_VERSION)), ("seed", str(seed))],
    )
