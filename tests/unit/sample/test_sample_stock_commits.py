"""Stock taken by orders: from the warehouses or a store's shelf (holds converted), all or
nothing, once per key, and put back exactly by a release."""

from __future__ import annotations

from datetime import timedelta

from sample_support import FakeClock, query

from connectors.context import CommerceContext
from connectors.models import (
    LineRequest,
    ReservationRequest,
    ReservationStatus,
    StockCommit,
    StockShortage,
)
from connectors.sample import DEMO_CUSTOMER_ID, SCENARIO_SKUS, SampleConnector

CTX = CommerceContext()
SHEARS, GLOVES = SCENARIO_SKUS["garden_shears"], SCENARIO_SKUS["gardening_gloves"]
CAN = SCENARIO_SKUS["watering_can"]
STORE = "S007"  # 3 shears and 3 gloves
OTHER = "CU0002"


def warehouses(connector: SampleConnector, sku: str) -> dict[str, int]:
    rows = query(
        connector.db.path,
        "SELECT location_id, quantity FROM stock WHERE sku = ? AND location_id LIKE 'W%'",
        (sku,),
    )
    return {str(location): int(str(quantity)) for location, quantity in rows}


def shelf(connector: SampleConnector, sku: str, store: str = STORE) -> int:
    rows = query(
        connector.db.path,
        "SELECT quantity FROM stock WHERE sku = ? AND location_id = ?",
        (sku, store),
    )
    return int(str(rows[0][0])) if rows else 0


async def free_in_store(connector: SampleConnector, sku: str) -> int:
    level = (await connector.stock([sku], CTX))[0]
    assert level is not None
    return next(s.quantity for s in level.stores if s.location_id == STORE)


async def hold(
    connector: SampleConnector,
    clock: FakeClock,
    key: str,
    customer: str | None,
    *lines: LineRequest,
) -> str:
    request = ReservationRequest(key, STORE, lines, clock.now + timedelta(hours=1), customer)
    outcome = await connector.reserve(request, CTX)
    assert outcome.reservation is not None
    return outcome.reservation.id


async def statuses(connector: SampleConnector, *ids: str) -> list[ReservationStatus]:
    return [r.status for r in await connector.reservations(ids, CTX) if r]


def in_both_warehouses(connector: SampleConnector) -> str:
    rows = query(
        connector.db.path,
        "SELECT sku FROM stock WHERE location_id IN ('W001', 'W002') AND quantity > 2"
        " GROUP BY sku HAVING COUNT(*) = 2 ORDER BY sku LIMIT 1",
    )
    return str(rows[0][0])


async def test_warehouses_give_from_the_fullest_first(writable: SampleConnector) -> None:
    sku = in_both_warehouses(writable)
    before = warehouses(writable, sku)
    fullest, other = sorted(before, key=lambda w: -before[w])
    online = (await writable.stock([sku], CTX))[0]
    assert online is not None
    wanted = before[fullest] + 2  # more than one warehouse holds: the order is split
    commit = StockCommit("order-1", (LineRequest(sku, wanted - 1), LineRequest(sku, 1)))
    assert await writable.commit_stock(commit, CTX) == ()
    assert warehouses(writable, sku) == {fullest: 0, other: before[other] - 2}
    after = (await writable.stock([sku], CTX))[0]
    assert after is not None
    assert after.online_quantity == online.online_quantity - wanted
    assert after.stores == online.stores


async def test_a_short_line_takes_nothing_from_any_line(writable: SampleConnector) -> None:
    before = warehouses(writable, CAN)
    total = sum(before.values())
    lines = (LineRequest(CAN, 1), LineRequest(SHEARS, 1), LineRequest(CAN, total))
    shortages = await writable.commit_stock(StockCommit("order-1", lines), CTX)
    assert shortages == (StockShortage(CAN, total + 1, total), StockShortage(SHEARS, 1, 0))
    assert warehouses(writable, CAN) == before
    assert query(writable.db.path, "SELECT COUNT(*) FROM stock_commits") == [(0,)]


async def test_a_commit_is_taken_once_per_key(writable: SampleConnector) -> None:
    before = sum(warehouses(writable, CAN).values())
    commit = StockCommit("order-1", (LineRequest(CAN, 5),))
    assert await writable.commit_stock(commit, CTX) == ()
    assert await writable.commit_stock(commit, CTX) == ()
    assert sum(warehouses(writable, CAN).values()) == before - 5


async def test_a_store_commit_collects_the_customers_holds(
    writable: SampleConnector, clock: FakeClock
) -> None:
    mine = await hold(writable, clock, "h1", DEMO_CUSTOMER_ID, LineRequest(SHEARS, 2))
    theirs = await hold(writable, clock, "h2", OTHER, LineRequest(SHEARS, 1))
    assert await free_in_store(writable, SHEARS) == 0
    commit = StockCommit("order-1", (LineRequest(SHEARS, 2),), STORE, DEMO_CUSTOMER_ID)
    assert await writable.commit_stock(commit, CTX) == ()
    assert shelf(writable, SHEARS) == 1  # the other customer's held unit
    assert await statuses(writable, mine, theirs) == [
        ReservationStatus.COLLECTED, ReservationStatus.HELD,
    ]  # fmt: skip
    assert await free_in_store(writable, SHEARS) == 0


async def test_holds_of_others_are_not_for_taking(
    writable: SampleConnector, clock: FakeClock
) -> None:
    await hold(writable, clock, "h1", DEMO_CUSTOMER_ID, LineRequest(SHEARS, 1))
    await hold(writable, clock, "h2", OTHER, LineRequest(SHEARS, 1))
    # Demo may take the free unit and their own: 2; the other's hold is not theirs.
    for customer, allowed in ((DEMO_CUSTOMER_ID, 2), (None, 1), ("CU0003", 1)):
        commit = StockCommit(f"c-{customer}", (LineRequest(SHEARS, 3),), STORE, customer)
        assert await writable.commit_stock(commit, CTX) == (StockShortage(SHEARS, 3, allowed),)
    assert shelf(writable, SHEARS) == 3


async def test_only_the_holds_the_quantities_need_are_collected(
    writable: SampleConnector, clock: FakeClock
) -> None:
    older = await hold(writable, clock, "h1", DEMO_CUSTOMER_ID, LineRequest(SHEARS, 1))
    clock.advance(minutes=1)
    newer = await hold(
        writable, clock, "h2", DEMO_CUSTOMER_ID, LineRequest(SHEARS, 1), LineRequest(GLOVES, 1)
    )
    commit = StockCommit("order-1", (LineRequest(SHEARS, 1),), STORE, DEMO_CUSTOMER_ID)
    assert await writable.commit_stock(commit, CTX) == ()
    assert await statuses(writable, older, newer) == [
        ReservationStatus.COLLECTED, ReservationStatus.HELD,
    ]  # fmt: skip
    assert (shelf(writable, SHEARS), await free_in_store(writable, SHEARS)) == (2, 1)


async def test_a_release_puts_back_what_the_commit_took_once(
    writable: SampleConnector, clock: FakeClock
) -> None:
    mine = await hold(writable, clock, "h1", DEMO_CUSTOMER_ID, LineRequest(SHEARS, 1))
    store = StockCommit("order-1", (LineRequest(SHEARS, 2),), STORE, DEMO_CUSTOMER_ID)
    online = StockCommit("order-2", (LineRequest(CAN, 7),))
    before = warehouses(writable, CAN)
    assert await writable.commit_stock(store, CTX) == ()
    assert await writable.commit_stock(online, CTX) == ()
    for _ in range(2):  # a release is idempotent too
        await writable.release_stock("order-1", CTX)
        await writable.release_stock("order-2", CTX)
    await writable.release_stock("never-committed", CTX)
    assert shelf(writable, SHEARS) == 3
    assert warehouses(writable, CAN) == before
    assert await statuses(writable, mine) == [ReservationStatus.HELD]  # re-opened
    assert await free_in_store(writable, SHEARS) == 2


async def test_a_released_key_can_commit_again(writable: SampleConnector) -> None:
    before = sum(warehouses(writable, CAN).values())
    commit = StockCommit("order-1", (LineRequest(CAN, 3),))
    assert await writable.commit_stock(commit, CTX) == ()
    await writable.release_stock("order-1", CTX)
    assert await writable.commit_stock(commit, CTX) == ()  # a checkout retried after
    assert sum(warehouses(writable, CAN).values()) == before - 3
    await writable.release_stock("order-1", CTX)
    assert sum(warehouses(writable, CAN).values()) == before
