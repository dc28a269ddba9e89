"""The machine's own PostgreSQL and Redis for tests: each test run gets a database of its
own, created and dropped here, so runs never see each other's rows."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from typing import Any

import psycopg

POSTGRES_ADMIN_URL = os.environ.get(
    "OMNICANAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a fresh, empty database, dropped afterwards."""
    name = f"omnicanal_test_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


REDIS_URL = os.environ.get("OMNICANAL_TEST_REDIS", "redis://127.0.0.1:6379")
# Database 0 is left to people; test runs take 1..15, claimed with a key in database 0.
REDIS_DATABASES = range(1, 16)
CLAIM_TTL_S = 3600


@contextlib.contextmanager
def redis_database() -> Iterator[str]:
    """The URL of a Redis database number no other live test run holds, flushed before
    and after."""
    import redis

    admin = redis.Redis.from_url(REDIS_URL + "/0")
    try:
        number = _claim(admin)
        url = f"{REDIS_URL}/{number}"
        own = redis.Redis.from_url(url)
        own.flushdb()
        try:
            yield url
        finally:
            own.flushdb()
            own.close()
            admin.delete(f"omnicanal:test-db:{number}")
    finally:
        admin.close()


def _claim(admin: Any) -> int:
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    for number in REDIS_DATABASES:
        if admin.set(f"omnicanal:test-db:{number}", token, nx=True, ex=CLAIM_TTL_S):
            return number
    raise RuntimeError("every Redis test database (1-15) is claimed by another test run")
