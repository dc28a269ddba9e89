"""Helpers for the sample connector's tests that write: a hand-moved clock, a connector
over a given file, reads behind the connector's back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from connectors.base import ConnectorEnv
from connectors.sample import SampleConnector, SampleSettings

SEED = SampleSettings().seed
START = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def open_sample(path: Path, session: aiohttp.ClientSession, clock: FakeClock) -> SampleConnector:
    env = ConnectorEnv("sample", session, path.parent)
    sample = SampleConnector(SampleSettings(database=str(path), seed=SEED), env)
    sample.now = clock
    return sample


def query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Read the file behind the connector's back."""
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql, params).fetchall())
