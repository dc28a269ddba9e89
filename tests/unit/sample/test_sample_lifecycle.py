"""Generation and lifecycle: deterministic data, rebuild on a new seed, start-up budget."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.errors import UpstreamUnavailable
from connectors.sample import SampleConnector, SampleSettings, generate
from connectors.sample.generate import build_database

SEED = SampleSettings().seed  # what the session database was built with
CTX = CommerceContext(language="en")
SOME_PRODUCTS = [f"P{n:06d}" for n in range(1, 2400, 37)]


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as conn:
        for line in conn.iterdump():
            digest.update(line.encode())
    return digest.hexdigest()


def test_the_same_seed_generates_the_same_database(sample_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    # Its generation time belongs in the benchmark, not here: a loaded CI machine would
    # make a timed assertion fail for nothing.
    build_database(again, SEED)
    assert fingerprint(again) == fingerprint(sample_db)


async def test_start_rebuilds_for_another_seed_then_reuses_the_file(
    connector: SampleConnector, sample_db: Path, tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    path = tmp_path / "sample.db"
    shutil.copy(sample_db, path)
    env = ConnectorEnv("sample", session, tmp_path)
    same_seed = SampleConnector(SampleSettings(database=str(path), seed=SEED), env)
    new_seed = SampleConnector(SampleSettings(database=str(path), seed=SEED + 1), env)
    again = SampleConnector(SampleSettings(database=str(path), seed=SEED + 1), env)
    for sample in (same_seed, new_seed, again):
        await sample.start()
    rebuilt = await again.products(SOME_PRODUCTS, CTX)
    for sample in (same_seed, new_seed, again):
        await sample.aclose()
    assert [s.generated for s in (same_seed, new_seed, again)] == [False, True, False]
    original = await connector.products(SOME_PRODUCTS, CTX)
    assert [p.title for p in rebuilt if p] != [p.title for p in original if p]


def test_an_unreadable_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Path, int]] = []
    monkeypatch.setattr(generate, "build_database", lambda path, seed: built.append((path, seed)))
    garbage = tmp_path / "sample.db"
    garbage.write_bytes(b"not a database")
    assert generate.ensure_database(garbage, 5)
    assert built == [(garbage, 5)]


def test_the_default_file_lives_in_the_data_dir(tmp_path: Path) -> None:
    assert SampleSettings().database_path(tmp_path) == tmp_path / "sample.db"
    assert SampleSettings(database="/x/y.db").database_path(tmp_path) == Path("/x/y.db")


async def test_check_fails_once_closed(connector: SampleConnector) -> None:
    await connector.check()
    await connector.aclose()
    with pytest.raises(UpstreamUnavailable):
        await connector.check()


def test_workers_starting_together_build_the_database_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from connectors.sample.generate import ensure_database

    path = tmp_path / "sample.db"
    with ThreadPoolExecutor(max_workers=3) as pool:
        built = list(pool.map(lambda _: ensure_database(path, 7), range(3)))
    assert sorted(built) == [False, False, True]
