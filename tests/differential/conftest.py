"""The pairs of gateways the differential suite compares: one on the shared sample for
read-only operations, private ones for writes and for configurations of their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.config import embedded_default
from schema.planner import plan
from tests.conftest import instrumented_config
from tests.differential.credentials import provide
from tests.differential.pairs import Pair, running_pair, running_private_pair


@pytest.fixture(autouse=True)
def generated_from_the_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planned side runs each object plan's generated function from an operation's
    first run (in service, from its second: schema/planner/plan.py): most operations here
    run once, and the generated functions are what every repeated operation runs. The
    first run's general loop is compared with the standard executor in
    tests/unit/planner/test_compiled.py."""
    monkeypatch.setattr(plan, "GENERATE_AT_RUN", 1)


@pytest.fixture(scope="session")
async def pair(sample_dir: Path) -> AsyncIterator[Pair]:
    """Both executors on the session's sample database, uncached so that every request
    reaches the back office through the executor under test."""
    async with running_pair(instrumented_config(sample_dir)) as both:
        await provide(both, (sample_dir, sample_dir))
        yield both


@pytest.fixture(scope="session")
async def a_store(pair: Pair) -> dict[str, str]:
    """A store of the sample: `id` and `code`, for the STORE channel and pickups."""
    from tests.differential.exchange import Request

    reply = await pair.standard.send(Request("{ stores(first: 1) { id code } }"))
    store: dict[str, str] = reply.body["data"]["stores"][0]
    return store


@pytest.fixture(scope="module")
async def private_pair(
    sample_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Pair]:
    """Both executors, each on its own copy of the sample, as `omnicanal serve` runs it
    (embedded default, shared cache on): for operations that write. One per module: the
    two copies see the same writes in the same order, so they stay alike."""
    directory = tmp_path_factory.mktemp("private")
    async with running_private_pair(sample_dir, directory, embedded_default) as both:
        await provide(both, (directory / "standard", directory / "planned"))
        yield both
