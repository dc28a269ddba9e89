"""Every connector that claims a domain, ready to be put through that domain's contract
suite: the connector, a way to count its upstream calls, and a few keys only its back end
knows (the rest the suites discover through the connector itself). `UnderTest` and
`Provider` are the kit's (connectors/testing): a provider here is what a third-party
package hands `connector_test_class`."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.testing import Provider, UnderTest
from tests.contract.reprice import sample_mover

__all__ = ["PROVIDERS", "PROVIDER_MARKS", "Provider", "UnderTest"]


@contextlib.asynccontextmanager
async def sample(data_dir: Path) -> AsyncIterator[UnderTest]:
    from connectors.sample import DEMO_CUSTOMER_ID, DEMO_EMAIL, DEMO_PASSWORD, SPEC
    from connectors.sample.connector import SampleConnector

    # A private copy: the transaction suites write, and other tests read the shared file.
    own_dir = Path(tempfile.mkdtemp(prefix="contract-sample-"))
    shutil.copy(data_dir / "sample.db", own_dir / "sample.db")
    async with aiohttp.ClientSession() as session:
        connector = SPEC.factory(SPEC.settings_type(), ConnectorEnv("sample", session, own_dir))
        assert isinstance(connector, SampleConnector)
        await connector.start()
        try:
            yield UnderTest(
                "sample",
                SPEC,
                connector,
                lambda: connector.db.statements,
                page_handle="home",
                customer_id=DEMO_CUSTOMER_ID,
                credentials=(DEMO_EMAIL, DEMO_PASSWORD),
                promotion_code="SPRING10",  # seeded by connectors/sample/seed_prices.py
                move_price=sample_mover(connector.db.path),
            )
        finally:
            await connector.aclose()
            shutil.rmtree(own_dir, ignore_errors=True)


@contextlib.asynccontextmanager
async def bench_http(data_dir: Path) -> AsyncIterator[UnderTest]:
    from bench.connector import SPEC
    from bench.data import CUSTOMERS, PAGE_HANDLES
    from bench.emulator import serve

    emulator = await serve(latency_s=0.0)
    try:
        async with aiohttp.ClientSession() as session:
            settings = SPEC.parse_settings({"base_url": emulator.base_url})
            connector = SPEC.factory(settings, ConnectorEnv("upstream", session, data_dir))
            await connector.start()
            yield UnderTest(
                "bench-http",
                SPEC,
                connector,
                lambda: sum(v for k, v in emulator.counts().items() if not k.startswith("/_")),
                page_handle=PAGE_HANDLES[0],
                customer_id=next(iter(CUSTOMERS)),
            )
            await connector.aclose()
    finally:
        await emulator.aclose()


def _discover() -> dict[str, Provider]:
    """The built-in providers plus one per `tests/contract/provider_<name>.py` module, each
    defining `NAME` and `provide(data_dir)` (an async context manager of UnderTest)."""
    found: dict[str, Provider] = {"sample": sample, "bench-http": bench_http}
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module_info.name.startswith("provider_"):
            module = importlib.import_module(f"tests.contract.{module_info.name}")
            found[module.NAME] = module.provide
            PROVIDER_MARKS[module.NAME] = tuple(getattr(module, "MARKS", ()))
    return found


# Marks per provider (e.g. `integration` for one that starts a real upstream).
PROVIDER_MARKS: dict[str, tuple[pytest.MarkDecorator, ...]] = {}
PROVIDERS = _discover()
