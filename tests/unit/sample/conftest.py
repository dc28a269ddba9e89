"""Fixtures for the sample connector: one generated database per session (generation takes
about a second), a fresh connector over it per test, and for tests that write, a connector
over a private copy of the file with a clock the test moves by hand."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sample_support import FakeClock, open_sample

from connectors.base import ConnectorEnv
from connectors.sample import SampleConnector, SampleSettings
from connectors.sample.generate import build_database

SEED = SampleSettings().seed


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    build_database(path, SEED)
    return path


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def connector(
    sample_db: Path, session: aiohttp.ClientSession
) -> AsyncIterator[SampleConnector]:
    env = ConnectorEnv("sample", session, sample_db.parent)
    sample = SampleConnector(SampleSettings(database=str(sample_db), seed=SEED), env)
    await sample.start()
    yield sample
    await sample.aclose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def private_db(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the session database that a test may write to."""
    path = tmp_path / "sample.db"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture
async def writable(
    private_db: Path, session: aiohttp.ClientSession, clock: FakeClock
) -> AsyncIterator[SampleConnector]:
    sample = open_sample(private_db, session, clock)
    await sample.start()
    yield sample
    await sample.aclose()
