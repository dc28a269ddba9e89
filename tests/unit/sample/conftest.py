"""Fixtures for the sample connector: one generated database per session (generation takes
about a second), and a fresh connector over it per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

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
