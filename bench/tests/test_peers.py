"""The peers of `--peers` against the emulator: the PLP with the right 24 products, prices and
stock, in exactly three upstream calls per query (counted by the emulator); and the pieces of
the report that are plain arithmetic."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from bench import data, floor, peer_report, peer_run, plp, processes
from bench.emulator import RunningEmulator
from bench.peers import PEERS, STRAWBERRY, YOGA, Gateway, yoga_installed
from bench.peers import processes as peer_processes
from bench.report import Row

QUERIES = 3


def expected_plp() -> list[plp.PlpItem]:
    """What the PLP must show, straight from the emulator's data (relevance: by ID)."""
    items = []
    for product in sorted(data.PRODUCTS, key=lambda p: p["uuid"])[: plp.PLP_SIZE]:
        sku = product["variants"][0]["sku"]
        price = data.price_record(sku, "EUR", "default", "WEB")
        stock = data.stock_record(sku)
        assert price is not None
        assert stock is not None
        online = sum(loc["qty"] for loc in stock["locations"] if loc["type"] == "warehouse")
        title = product["name"]["fr"]
        items.append(
            plp.PlpItem(product["uuid"], title, product["slug"], Decimal(price["net"]), online)
        )
    return items


@pytest.fixture
async def peer(
    request: pytest.FixtureRequest,
    emulator: RunningEmulator,
    session: aiohttp.ClientSession,
    tmp_path: Path,
) -> AsyncIterator[peer_processes.Running]:
    gateway: Gateway = request.param
    if gateway is YOGA and not yoga_installed():
        pytest.skip(
            "the yoga peer's node_modules is not installed: run bench/peers/yoga/install.sh"
        )
    no_pinning = peer_processes.Pinning(None, None)
    running = await peer_processes.start(session, gateway, emulator.base_url, tmp_path, no_pinning)
    yield running
    processes.stop(running.process)


@pytest.mark.parametrize("peer", PEERS, ids=[p.name for p in PEERS], indirect=True)
async def test_peer_answers_the_plp_in_three_upstream_calls(
    peer: peer_processes.Running, emulator: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    emulator.counts().clear()  # readiness asked nothing of the upstreams; start from zero
    for _ in range(QUERIES):
        check, items = await peer_run.check_answer(session, peer, emulator.base_url)
        assert check["ok"], check["problem"]
        assert items == expected_plp()
    assert dict(emulator.counts()) == {path: QUERIES for path in peer_run.EXPECTED_CALLS}


async def test_upstream_floor_makes_the_same_three_calls(
    emulator: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    result = await floor.measure(session, emulator.base_url, duration_s=5.0, max_requests=2)
    assert (result.requests, result.errors) == (2, 0)
    assert dict(emulator.counts()) == {path: 2 for path in peer_run.EXPECTED_CALLS}


def test_omnicanal_spelling_reads_into_the_same_items() -> None:
    node = {
        "id": "UHJvZHVjdDpwMDAwMQ",  # Product:p0001
        "title": "Lampe",
        "handle": "lampe",
        "price": {"amount": "19.90"},
        "availability": {"quantityAvailable": 3},
    }
    peer_node = {**node, "id": "p0001", "price": {"amount": 19.9}}
    ours = plp.omnicanal_items({"products": {"nodes": [node]}})
    theirs = plp.peer_items({"products": [peer_node]})
    assert ours == theirs == [plp.PlpItem("p0001", "Lampe", "lampe", Decimal("19.9"), 3)]
    assert plp.peer_problem({"products": [peer_node]}) == "the PLP has 1 products, not 24"
    assert peer_run.compare({"a": ours, "b": theirs}) is None
    dearer = [ours[0]._replace(amount=Decimal("21"))]
    assert (peer_run.compare({"a": ours, "b": dearer}) or "").startswith("b differs from a at #0")
    assert peer_run.compare({"a": ours, "b": []}) == "b has 0 products, a 1"


def _row(rps: float, cpu: float) -> Row:
    return Row("plp", 32, 100, 0, rps, 10.0, 20.0, cpu, 3.0)


def test_ratios_use_the_mean_of_the_rounds() -> None:
    rows = [
        peer_report.PeerRow("omnicanal", 1, _row(100.0, 4.0)),
        peer_report.PeerRow("omnicanal", 2, _row(300.0, 2.0)),
        peer_report.PeerRow("yoga", 1, _row(200.0, 3.0)),
        peer_report.PeerRow("yoga", 2, _row(200.0, 3.0)),
        peer_report.PeerRow(STRAWBERRY.name, 1, _row(50.0, 9.0)),
    ]
    (ratio,) = peer_report.ratios(peer_report.means(rows))
    assert ratio == {"workload": "plp", "concurrency": 32, "rps_vs_yoga": 1.0, "cpu_vs_yoga": 1.0}
