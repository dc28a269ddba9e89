"""Start-up and the PIM structure: read once, not per batch; a PIM that is down at start-up
delays reads but does not stop the gateway; a failed re-read keeps the structure held."""

from __future__ import annotations

import asyncio

from akeneo_support import CTX, Make

from connectors.akeneo import AkeneoConnector
from connectors.akeneo.structure import StructureCache
from tests.emulators.akeneo import RunningAkeneo

MUG = ["product:MUG-CLASSIC"]


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_start_reads_token_and_structure_once(make: Make, akeneo: RunningAkeneo) -> None:
    connector = await make()
    structure_reads = akeneo.calls()
    assert akeneo.token_calls() == 1
    assert akeneo.counts["/api/rest/v1/attributes"] == 1
    await connector.products(MUG, CTX)
    await connector.categories(["home"], CTX)
    assert akeneo.calls() == structure_reads + 2


async def test_a_pim_down_at_start_up_is_read_once_it_is_back(
    make: Make, akeneo: RunningAkeneo
) -> None:
    akeneo.faults.fail_next(3, "503")
    connector = await make()  # logs a warning, does not raise
    [found] = await connector.products(MUG, CTX)
    assert found is not None
    assert found.attributes  # labelled: the structure was read on first use


async def test_a_failed_re_read_keeps_the_structure_held(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    clock = Clock()
    cache = StructureCache(connector.client, ttl_s=60, clock=clock)
    held = await cache.get()
    clock.now = 61
    akeneo.faults.fail_next(6, "500")  # attributes and families, three attempts each
    assert await cache.get() is held
    for _ in range(100):  # the sibling read's last attempt follows its jittered backoff
        if akeneo.faults.pending() == 0:
            break
        await asyncio.sleep(0.01)
    assert akeneo.faults.pending() == 0
    clock.now = 61 + 31  # tried again after a short pause, and this time it works
    assert await cache.get() is not held
