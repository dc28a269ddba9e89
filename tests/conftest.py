"""Session fixtures: one sample database for the whole run, and gateways over it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from connectors.base import DOMAINS, ConnectorEnv
from connectors.sample import SPEC as SAMPLE
from gateway.config import GatewayConfig, InstanceConfig, embedded_default
from tests.support.instrumented import RECORDER, Recorder
from tests.support.keys import every_channel
from tests.support.server import GraphQLClient, running_gateway


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose sample.db is generated once, before any test uses it."""
    directory = tmp_path_factory.mktemp("sample")

    async def generate() -> None:
        async with aiohttp.ClientSession() as session:
            env = ConnectorEnv("sample", session, directory)
            connector = SAMPLE.factory(SAMPLE.settings_type(), env)
            await connector.start()
            await connector.aclose()

    asyncio.run(generate())
    return directory


def instrumented_config(data_dir: Path, failing: str = "", cache: bool = False) -> GatewayConfig:
    """The sample behind the instrumented wrapper; uncached by default so that a test
    counts the SPI calls one request makes."""
    settings = {"database": str(data_dir / "sample.db"), "failing": failing}
    instance = InstanceConfig("backoffice", "tests.support.instrumented:INSTRUMENTED", settings)
    base = embedded_default(data_dir)
    return GatewayConfig(
        source="(tests)",
        defaults=base.defaults,
        data_dir=data_dir,
        instances={"backoffice": instance},
        domains={d: "backoffice" for d in DOMAINS},
        cache=cache,
    )


@pytest.fixture(scope="session")
async def gateway(sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """The gateway on the sample back office, every SPI call recorded."""
    async with running_gateway(instrumented_config(sample_dir)) as client:
        yield client


@pytest.fixture(scope="session")
async def any_channel(gateway: GraphQLClient, sample_dir: Path) -> dict[str, str]:
    """Headers carrying a key of the `gateway` fixture that may choose any channel: without
    a key a request is WEB only."""
    return await every_channel(sample_dir)


@pytest.fixture
async def shop_any_channel(shop: GraphQLClient, own_sample_dir: Path) -> dict[str, str]:
    """The same for the `shop` fixture."""
    return await every_channel(own_sample_dir)


@pytest.fixture
def own_sample_dir(sample_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database, for tests that write."""
    shutil.copy(sample_dir / "sample.db", tmp_path / "sample.db")
    return tmp_path


@pytest.fixture
async def shop(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """The gateway exactly as `omnicanal serve` runs it (embedded default, shared cache on),
    on a private copy of the sample, for tests that buy, hold and spend."""
    async with running_gateway(embedded_default(own_sample_dir)) as client:
        yield client


@pytest.fixture
def recorder() -> Recorder:
    RECORDER.reset()
    return RECORDER
