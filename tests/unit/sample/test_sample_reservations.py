"""Click-and-collect holds: all or nothing, race-free, subtracted from every stock read,
released by cancellation or expiry."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import aiohttp
from sample_support import FakeClock, open_sample, query

from connectors.context import CommerceContext
from connectors.models import (
    LineRequest,
    ReservationOutcome,
    ReservationRequest,
    ReservationStatus,
    StockShortage,
)
from connectors.protocols import TRANSACTION_PROTOCOLS
from connectors.sample import DEMO_CUSTOMER_ID, SCENARIO_SKUS, SampleConnector

CTX = CommerceContext()
SHEARS, GLOVES = SCENARIO_SKUS["garden_shears"], SCENARIO_SKUS["gardening_gloves"]
CAN = SCENARIO_SKUS["watering_can"]
STORE = "S007"  # 3 shears and 3 gloves on the shelf, none in the warehouses
OTHER = "CU0002"


def hold(
    clock: FakeClock,
    key: str,
    *lines: tuple[str, int],
    customer: str | None = DEMO_CUSTOMER_ID,
    store: str = STORE,
    minutes: float = 30,
) -> ReservationRequest:
    return ReservationRequest(
        idempotency_key=key,
        store_id=store,
        lines=tuple(LineRequest(sku, qty) for sku, qty in lines),
        expires_at=clock.now + timedelta(minutes=minutes),
        customer_id=customer,
    )


async def on_shelf(connector: SampleConnector, sku: str, store: str = STORE) -> int:
    level = (await connector.stock([sku], CTX))[0]
    assert level is not None
    return next(s.quantity for s in level.stores if s.location_id == store)


def test_the_connector_implements_every_transaction_protocol(
    writable: SampleConnector,
) -> None:
    protocols = [p for group in TRANSACTION_PROTOCOLS.values() for p in group]
    assert all(isinstance(writable, proto) for proto in protocols)


async def test_a_hold_takes_units_out_of_stock_reads_until_cancelled(
    writable: SampleConnector, clock: FakeClock
) -> None:
    assert (await on_shelf(writable, SHEARS), await on_shelf(writable, GLOVES)) == (3, 3)
    outcome = await writable.reserve(hold(clock, "k1", (SHEARS, 2), (GLOVES, 1)), CTX)
    reservation = outcome.reservation
    assert reservation is not None
    assert outcome.shortages == ()
    assert re.fullmatch(r"RS[0-9a-f]{16}", reservation.id)
    assert reservation.status is ReservationStatus.HELD
    assert reservation.lines == (LineRequest(SHEARS, 2), LineRequest(GLOVES, 1))
    assert (reservation.store_id, reservation.customer_id) == (STORE, DEMO_CUSTOMER_ID)
    assert (reservation.created_at, reservation.expires_at) == (
        clock.now, clock.now + timedelta(minutes=30),
    )  # fmt: skip
    assert (await on_shelf(writable, SHEARS), await on_shelf(writable, GLOVES)) == (1, 2)
    cancelled = await writable.cancel_reservation(reservation.id, DEMO_CUSTOMER_ID, CTX)
    assert cancelled is not None
    assert cancelled.status is ReservationStatus.CANCELLED
    assert (await on_shelf(writable, SHEARS), await on_shelf(writable, GLOVES)) == (3, 3)


async def test_a_hold_releases_itself_when_it_expires(
    writable: SampleConnector, clock: FakeClock
) -> None:
    outcome = await writable.reserve(hold(clock, "k1", (SHEARS, 3), minutes=15), CTX)
    assert outcome.reservation is not None
    assert await on_shelf(writable, SHEARS) == 0
    clock.advance(minutes=14, seconds=59)
    assert await on_shelf(writable, SHEARS) == 0
    clock.advance(seconds=1)
    assert await on_shelf(writable, SHEARS) == 3
    expired = (await writable.reservations([outcome.reservation.id], CTX))[0]
    assert expired is not None
    assert expired.status is ReservationStatus.EXPIRED
    # Its units are anyone's again, and it can no longer be cancelled.
    again = await writable.reserve(hold(clock, "k2", (SHEARS, 3), customer=OTHER), CTX)
    assert again.reservation is not None
    assert await writable.cancel_reservation(expired.id, DEMO_CUSTOMER_ID, CTX) is None


async def test_all_lines_or_none(writable: SampleConnector, clock: FakeClock) -> None:
    outcome = await writable.reserve(hold(clock, "k1", (GLOVES, 2), (SHEARS, 4), (CAN, 1)), CTX)
    assert outcome == ReservationOutcome(None, (StockShortage(SHEARS, 4, 3),))
    assert (await on_shelf(writable, SHEARS), await on_shelf(writable, GLOVES)) == (3, 3)
    assert query(writable.db.path, "SELECT COUNT(*) FROM reservations") == [(0,)]
    # A SKU repeated across lines is asked for in total.
    split = await writable.reserve(hold(clock, "k2", (SHEARS, 2), (SHEARS, 2)), CTX)
    assert split.shortages == (StockShortage(SHEARS, 4, 3),)


async def test_only_store_shelves_can_be_held(writable: SampleConnector, clock: FakeClock) -> None:
    for store in ("W001", "S999"):
        outcome = await writable.reserve(hold(clock, store, (CAN, 1), store=store), CTX)
        assert outcome == ReservationOutcome(None, (StockShortage(CAN, 1, 0),))


async def test_the_same_key_gives_the_same_reservation(
    writable: SampleConnector, clock: FakeClock
) -> None:
    request = hold(clock, "same", (SHEARS, 1))
    first, second = await asyncio.gather(
        writable.reserve(request, CTX), writable.reserve(request, CTX)
    )
    assert first == second
    assert first.reservation is not None
    assert await on_shelf(writable, SHEARS) == 2
    assert query(writable.db.path, "SELECT COUNT(*) FROM reservations") == [(1,)]


async def test_twenty_shoppers_race_for_the_last_three_units(
    writable: SampleConnector, clock: FakeClock
) -> None:
    requests = [hold(clock, f"race-{n}", (SHEARS, 1), customer=f"CU{n + 2:04d}") for n in range(20)]
    outcomes = await asyncio.gather(*(writable.reserve(r, CTX) for r in requests))
    held = [o for o in outcomes if o.reservation is not None]
    refused = [o for o in outcomes if o.reservation is None]
    assert len(held) == 3
    assert len(refused) == 17
    assert all(o.shortages == (StockShortage(SHEARS, 1, 0),) for o in refused)
    assert await on_shelf(writable, SHEARS) == 0
    assert query(
        writable.db.path, "SELECT SUM(quantity) FROM reservation_lines WHERE sku = ?", (SHEARS,)
    ) == [(3,)]


async def test_two_processes_race_for_the_last_three_units(
    writable: SampleConnector, private_db: Path, session: aiohttp.ClientSession, clock: FakeClock
) -> None:
    """Two connectors on one file stand for two replicas: each has its own database
    thread, so only SQLite's immediate lock keeps their checks and inserts apart."""
    other = open_sample(private_db, session, clock)
    await other.start()
    try:
        outcomes = await asyncio.gather(
            *(
                (writable if n % 2 else other).reserve(
                    hold(clock, f"race-{n}", (GLOVES, 1), customer=f"CU{n + 2:04d}"), CTX
                )
                for n in range(20)
            )
        )
    finally:
        await other.aclose()
    assert sum(1 for o in outcomes if o.reservation is not None) == 3
    assert await on_shelf(writable, GLOVES) == 0


async def test_only_its_customer_cancels_a_hold(
    writable: SampleConnector, clock: FakeClock
) -> None:
    outcome = await writable.reserve(hold(clock, "k1", (SHEARS, 1)), CTX)
    assert outcome.reservation is not None
    rid = outcome.reservation.id
    assert await writable.cancel_reservation(rid, OTHER, CTX) is None
    assert await writable.cancel_reservation(rid, None, CTX) is None
    assert await writable.cancel_reservation("RS-unknown", DEMO_CUSTOMER_ID, CTX) is None
    assert await on_shelf(writable, SHEARS) == 2
    first = await writable.cancel_reservation(rid, DEMO_CUSTOMER_ID, CTX)
    again = await writable.cancel_reservation(rid, DEMO_CUSTOMER_ID, CTX)  # a retry
    assert first == again
    assert first is not None
    assert first.status is ReservationStatus.CANCELLED
    assert await on_shelf(writable, SHEARS) == 3


async def test_an_anonymous_hold_is_cancelled_by_its_id(
    writable: SampleConnector, clock: FakeClock
) -> None:
    outcome = await writable.reserve(hold(clock, "k1", (SHEARS, 1), customer=None), CTX)
    assert outcome.reservation is not None
    assert outcome.reservation.customer_id is None
    assert await writable.cancel_reservation(outcome.reservation.id, DEMO_CUSTOMER_ID, CTX) is None
    cancelled = await writable.cancel_reservation(outcome.reservation.id, None, CTX)
    assert cancelled is not None
    assert cancelled.status is ReservationStatus.CANCELLED


async def test_reservations_are_read_by_id_and_by_customer_newest_first(
    writable: SampleConnector, clock: FakeClock
) -> None:
    ids = []
    for n, store in enumerate(("S002", "S003", "S005")):
        outcome = await writable.reserve(hold(clock, f"k{n}", (SHEARS, 1), store=store), CTX)
        assert outcome.reservation is not None
        ids.append(outcome.reservation.id)
        clock.advance(minutes=1)
    mine, nobody = await writable.reservations_by_customer([DEMO_CUSTOMER_ID, OTHER], CTX)
    assert [r.id for r in mine] == ids[::-1]
    assert nobody == ()
    by_id = await writable.reservations([ids[1], "RS-unknown", ids[0], ids[1]], CTX)
    assert by_id[1] is None
    assert by_id[0] == by_id[3] == mine[1]
    assert by_id[2] == mine[2]
    assert await writable.reservations([], CTX) == []


async def test_a_stock_read_still_costs_one_statement(
    writable: SampleConnector, clock: FakeClock
) -> None:
    await writable.reserve(hold(clock, "k1", (SHEARS, 1)), CTX)
    before = writable.db.statements
    await writable.stock([SHEARS, GLOVES, CAN], CTX)
    assert writable.db.statements - before == 1
