"""Sample customers, orders and loyalty; the demo customer's account."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal

import pytest

from connectors.context import Channel, CommerceContext
from connectors.models import EarnQuery, Money
from connectors.sample import (
    DEMO_CARD_NUMBER,
    DEMO_CUSTOMER_ID,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    SCENARIO_SKUS,
    SampleConnector,
    hash_password,
    verify_password,
)

CTX = CommerceContext()
SHEARS = SCENARIO_SKUS["garden_shears"]


def stored_hash(connector: SampleConnector, customer_id: str) -> str:
    with closing(sqlite3.connect(connector.db.path)) as conn:
        row = conn.execute("SELECT password_hash FROM customers WHERE id = ?", [customer_id])
        return str(row.fetchone()[0])


async def test_demo_customer(connector: SampleConnector) -> None:
    demo = (await connector.customers([DEMO_CUSTOMER_ID], CTX))[0]
    assert demo is not None
    assert (demo.email, demo.first_name, demo.last_name) == (DEMO_EMAIL, "Camille", "Martin")


async def test_demo_password_verifies_and_a_wrong_one_fails(connector: SampleConnector) -> None:
    stored = stored_hash(connector, DEMO_CUSTOMER_ID)
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_password(stored, DEMO_PASSWORD)
    assert not verify_password(stored, DEMO_PASSWORD.upper())
    assert not verify_password(stored_hash(connector, "CU0002"), DEMO_PASSWORD)


@pytest.mark.parametrize(
    "stored",
    ["", "bcrypt$1$2$3$AA==$AA==", "scrypt$x$8$1$AA==$AA==", "scrypt$3$8$1$AA==$AA==",
     "scrypt$16384$8$1$AA==$", "scrypt$16384$8$1$AA==$!!!", "scrypt$4194304$8$1$AA==$AA=="],
)  # fmt: skip
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert verify_password(stored, "anything") is False


def test_hashes_are_salted() -> None:
    first, second = hash_password("same", n=2**10), hash_password("same", n=2**10)
    assert first != second
    assert verify_password(first, "same")
    assert verify_password(second, "same")


async def test_about_200_customers_a_few_of_them_pro(connector: SampleConnector) -> None:
    ids = [f"CU{n:04d}" for n in range(1, 260)]
    customers = [c for c in await connector.customers(ids, CTX) if c]
    assert 180 <= len(customers) <= 250
    pros = [c for c in customers if c.customer_group == "pro"]
    assert 0 < len(pros) < len(customers) // 5
    assert len({c.email for c in customers}) == len(customers)


async def test_demo_orders_span_three_channels_newest_first(connector: SampleConnector) -> None:
    orders = (await connector.orders_by_customer([DEMO_CUSTOMER_ID], CTX))[0]
    assert {o.channel for o in orders} >= {Channel.WEB, Channel.APP, Channel.STORE}
    dates = [o.created_at for o in orders]
    assert dates == sorted(dates, reverse=True)
    for order in orders:
        assert order.customer_id == DEMO_CUSTOMER_ID
        assert order.lines
        assert sum(line.total.amount for line in order.lines) == order.total.amount
        assert order.total.currency == "EUR"
        assert order.loyalty_points_earned
    store_order = next(o for o in orders if o.channel is Channel.STORE)
    assert store_order.pickup_store_id is not None


async def test_order_line_titles_follow_the_language(connector: SampleConnector) -> None:
    orders = (await connector.orders_by_customer([DEMO_CUSTOMER_ID], CTX))[0]
    english = await connector.orders([orders[0].id], CommerceContext(language="en"))
    assert english[0] is not None
    assert [line.title for line in english[0].lines] != [line.title for line in orders[0].lines]


async def test_demo_loyalty_account(connector: SampleConnector) -> None:
    account = (await connector.accounts([DEMO_CUSTOMER_ID], CTX))[0]
    assert account is not None
    assert (account.card_number, account.tier) == (DEMO_CARD_NUMBER, "GOLD")
    assert account.points_balance > 0
    costs = {r.title: r.points_cost for r in account.rewards}
    assert costs["Bon d'achat de 5 €"] == 500
    assert costs["Livraison offerte"] == 300


async def test_lower_tiers_see_fewer_rewards(connector: SampleConnector) -> None:
    ids = [f"CU{n:04d}" for n in range(1, 201)]
    accounts = [a for a in await connector.accounts(ids, CTX) if a]
    seen = {a.tier: len(a.rewards) for a in accounts}
    assert seen["BRONZE"] < seen["SILVER"] < seen["GOLD"]
    assert all(a.card_number.startswith("OC") and len(a.card_number) == 12 for a in accounts)


@pytest.mark.parametrize(
    ("ctx", "expected"),
    [
        (CommerceContext(), 24),  # anonymous on the web: floor(24.99)
        (CommerceContext(channel=Channel.STORE), 48),  # double points in store
        (CommerceContext(customer_id=DEMO_CUSTOMER_ID), 36),  # GOLD x1.5
        (CommerceContext(customer_id=DEMO_CUSTOMER_ID, channel=Channel.STORE), 72),
        (CommerceContext(customer_id="CU-unknown"), 24),  # no account: x1
    ],
)
async def test_points_for_one_unit(
    connector: SampleConnector, ctx: CommerceContext, expected: int
) -> None:
    query = EarnQuery(SHEARS, Money(Decimal("24.99"), "EUR"))
    assert await connector.points_for([query], ctx) == [expected]


async def test_points_need_a_supported_currency_and_any_sku_earns(
    connector: SampleConnector,
) -> None:
    queries = [
        EarnQuery(SHEARS, Money(Decimal("30.00"), "USD")),
        EarnQuery("OC-999999", Money(Decimal("30.00"), "EUR")),
        EarnQuery(SHEARS, Money(Decimal("21.99"), "GBP")),
    ]
    assert await connector.points_for(queries, CTX) == [None, 30, 21]
