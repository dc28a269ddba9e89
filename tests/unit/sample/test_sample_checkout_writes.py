"""Checkout's writes: the order (completing its cart) and the loyalty posting, once per key."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest
from sample_support import FakeClock, open_sample, query

from connectors.context import Channel, CommerceContext
from connectors.errors import CartNotFound, InsufficientPoints
from connectors.models import (
    CartDraft,
    LineRequest,
    LoyaltyPosting,
    Money,
    OrderLine,
    OrderRequest,
    OrderStatus,
    SetPickupStore,
)
from connectors.sample import DEMO_CUSTOMER_ID, SCENARIO_SKUS, SampleConnector

CTX = CommerceContext()
EN = CommerceContext(language="en")
SHEARS, CAN = SCENARIO_SKUS["garden_shears"], SCENARIO_SKUS["watering_can"]


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


async def order_request(
    connector: SampleConnector, key: str, channel: Channel = Channel.WEB
) -> OrderRequest:
    draft = CartDraft(channel, "EUR", DEMO_CUSTOMER_ID, (LineRequest(SHEARS, 2),))
    cart = await connector.create_cart(draft, CTX)
    lines = (
        OrderLine(SHEARS, "Sécateur de jardin", 2, eur("49.98")),
        OrderLine(CAN, "Arrosoir 10 L — Vert", 1, eur("17.90")),
    )
    return OrderRequest(
        idempotency_key=key,
        cart_id=cart.id,
        channel=channel,
        customer_id=DEMO_CUSTOMER_ID,
        lines=lines,
        total=eur("62.88"),
        discounts=eur("5.00"),
        pickup_store_id="S003",
        loyalty_points_earned=99,
    )


def posting(key: str, earned: int = 0, spent: int = 0) -> LoyaltyPosting:
    return LoyaltyPosting(key, DEMO_CUSTOMER_ID, earned, spent, "OR1", Channel.WEB)


async def balance(connector: SampleConnector) -> int:
    account = (await connector.accounts([DEMO_CUSTOMER_ID], CTX))[0]
    assert account is not None
    return account.points_balance


async def test_an_order_is_recorded_and_completes_its_cart(
    writable: SampleConnector, clock: FakeClock
) -> None:
    request = await order_request(writable, "checkout-1")
    order = await writable.place_order(request, CTX)
    assert re.fullmatch(r"OR[0-9a-f]{16}", order.id)
    assert order.number == "OC-2026-000001"
    assert (order.status, order.channel, order.created_at) == (
        OrderStatus.CONFIRMED, Channel.WEB, clock.now,
    )  # fmt: skip
    assert (order.customer_id, order.cart_id, order.pickup_store_id) == (
        DEMO_CUSTOMER_ID, request.cart_id, "S003",
    )  # fmt: skip
    assert (order.total, order.loyalty_points_earned) == (eur("62.88"), 99)
    assert order.lines == request.lines
    cart = (await writable.carts([request.cart_id], CTX))[0]
    assert cart is not None
    assert cart.order_id == order.id
    with pytest.raises(CartNotFound):
        await writable.update_cart(cart.id, [SetPickupStore(None)], CTX)


async def test_line_titles_read_in_both_languages(writable: SampleConnector) -> None:
    order = await writable.place_order(await order_request(writable, "checkout-1"), CTX)
    english = (await writable.orders([order.id], EN))[0]
    assert english is not None
    assert [line.title for line in english.lines] == [
        "Garden shears", "Watering can 10 L — Green",
    ]  # fmt: skip


async def test_the_same_key_places_one_order(writable: SampleConnector) -> None:
    request = await order_request(writable, "checkout-1")
    first, second = await asyncio.gather(
        writable.place_order(request, CTX), writable.place_order(request, CTX)
    )
    assert first == second
    assert await writable.place_order(request, CTX) == first
    assert await writable.orders_by_idempotency_key(["nope", "checkout-1"], CTX) == [None, first]
    assert query(writable.db.path, "SELECT COUNT(*) FROM orders WHERE cart_id IS NOT NULL") == [
        (1,)
    ]


async def test_a_cart_is_checked_out_once(writable: SampleConnector) -> None:
    request = await order_request(writable, "checkout-1")
    await writable.place_order(request, CTX)
    with pytest.raises(CartNotFound):
        await writable.place_order(replace(request, idempotency_key="checkout-2"), CTX)
    with pytest.raises(CartNotFound):
        await writable.place_order(replace(request, idempotency_key="k3", cart_id="nope"), CTX)
    assert await writable.orders_by_idempotency_key(["checkout-2", "k3"], CTX) == [None, None]


async def test_new_orders_come_first_with_the_seeded_ones(
    writable: SampleConnector, clock: FakeClock
) -> None:
    seeded = (await writable.orders_by_customer([DEMO_CUSTOMER_ID], CTX))[0]
    placed = []
    for n, channel in enumerate((Channel.APP, Channel.STORE)):
        clock.advance(minutes=5)
        placed.append(
            await writable.place_order(await order_request(writable, f"k{n}", channel), CTX)
        )
    orders = (await writable.orders_by_customer([DEMO_CUSTOMER_ID], CTX))[0]
    assert orders == (placed[1], placed[0], *seeded)
    assert [o.number for o in placed] == ["OC-2026-000001", "OC-2026-000002"]
    assert {o.channel for o in orders} >= {Channel.WEB, Channel.APP, Channel.STORE}
    cards = query(writable.db.path, "SELECT loyalty_card FROM orders WHERE id = ?", (placed[1].id,))
    assert cards == [("OC1987000001",)]  # in store, the till records the card


async def test_numbers_restart_each_year(writable: SampleConnector, clock: FakeClock) -> None:
    await writable.place_order(await order_request(writable, "k1"), CTX)
    clock.advance(days=365)
    order = await writable.place_order(await order_request(writable, "k2"), CTX)
    assert order.number == "OC-2027-000001"


async def test_a_posting_credits_and_debits_once(writable: SampleConnector) -> None:
    start = await balance(writable)
    account = await writable.post(posting("order-1", earned=120, spent=500), CTX)
    assert account.points_balance == start - 380
    again = await writable.post(posting("order-1", earned=120, spent=500), CTX)
    assert again == account
    assert await balance(writable) == start - 380
    rows = query(writable.db.path, "SELECT earned, spent, balance_after FROM loyalty_postings")
    assert rows == [(120, 500, start - 380)]


async def test_insufficient_points_post_nothing(writable: SampleConnector) -> None:
    start = await balance(writable)
    with pytest.raises(InsufficientPoints):
        await writable.post(posting("order-1", earned=1000, spent=start + 1), CTX)
    assert await balance(writable) == start
    assert query(writable.db.path, "SELECT COUNT(*) FROM loyalty_postings") == [(0,)]
    # The key was not used up: the same checkout may post once it spends less.
    account = await writable.post(posting("order-1", earned=10, spent=start), CTX)
    assert account.points_balance == 10


async def test_concurrent_postings_cannot_overspend(writable: SampleConnector) -> None:
    start = await balance(writable)
    spend = start // 2 + 1  # only one of two fits
    results = await asyncio.gather(
        *(writable.post(posting(f"order-{n}", spent=spend), CTX) for n in range(2)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, InsufficientPoints) for r in results) == 1
    assert await balance(writable) == start - spend


async def test_posting_needs_a_member_and_positive_points(writable: SampleConnector) -> None:
    members = {
        str(row[0]) for row in query(writable.db.path, "SELECT customer_id FROM loyalty_accounts")
    }
    outsider = next(f"CU{n:04d}" for n in range(2, 201) if f"CU{n:04d}" not in members)
    with pytest.raises(LookupError):
        await writable.post(LoyaltyPosting("k", outsider, 10, 0, "OR1", Channel.WEB), CTX)
    with pytest.raises(ValueError, match="negative"):
        await writable.post(posting("k", earned=-1), CTX)


async def test_vouchers_say_what_they_take_off(connector: SampleConnector) -> None:
    account = (await connector.accounts([DEMO_CUSTOMER_ID], EN))[0]
    assert account is not None
    discounts = {r.id: r.discount for r in account.rewards}
    assert discounts == {
        "RW01": None, "RW02": Decimal(5), "RW03": Decimal(10), "RW04": None,
        "RW05": Decimal(25), "RW06": None,
    }  # fmt: skip


async def test_orders_and_balances_survive_a_restart(
    private_db: Path, session: aiohttp.ClientSession, clock: FakeClock
) -> None:
    before = open_sample(private_db, session, clock)
    await before.start()
    order = await before.place_order(await order_request(before, "checkout-1"), CTX)
    account = await before.post(posting("checkout-1", earned=99), CTX)
    await before.aclose()
    after = open_sample(private_db, session, clock)
    await after.start()
    try:
        assert await after.orders_by_idempotency_key(["checkout-1"], CTX) == [order]
        assert await after.accounts([DEMO_CUSTOMER_ID], CTX) == [account]
    finally:
        await after.aclose()
