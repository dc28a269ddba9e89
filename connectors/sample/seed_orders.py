"""Generates past orders on every channel: web, app, and in-store purchases identified by the
customer's loyalty card. Order numbers follow time, as an OMS assigns them."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from connectors.sample.loyalty_rules import channel_multiplier, earn_points, tier_multiplier
from connectors.sample.seed_catalog import REFERENCE_DATE
from connectors.sample.seed_customers import DEMO_CUSTOMER_ID, SeedCustomer
from connectors.sample.seed_loyalty import SeedAccount
from connectors.sample.seed_stores import STORE_IDS
from connectors.sample.seed_types import SeedPrice, SeedProduct

ORDER_COUNT_WEIGHTS = (20, 25, 20, 15, 10, 6, 4)  # 0..6 orders per customer
CHANNEL_WEIGHTS = {"WEB": 5, "APP": 3, "STORE": 2}
PICKUP_SHARE = 0.2
# (channel, days before the reference date, status, store): one order per channel at least.
DEMO_ORDERS = (
    ("WEB", 3, "SHIPPED", None),
    ("APP", 41, "DELIVERED", None),
    ("STORE", 76, "DELIVERED", "S001"),
    ("WEB", 160, "DELIVERED", "S003"),
    ("APP", 330, "DELIVERED", None),
)


# order id, position, sku, title fr, title en, quantity, total in cents
LineRow = tuple[str, int, str, str, str, int, int]


@dataclass(frozen=True, slots=True)
class OrderPlan:
    customer_id: str
    channel: str
    created_at: datetime
    status: str
    store_id: str | None


def seed_orders(
    conn: sqlite3.Connection,
    rng: random.Random,
    customers: list[SeedCustomer],
    accounts: dict[str, SeedAccount],
    products: list[SeedProduct],
    prices: dict[str, SeedPrice],
) -> None:
    plans = sorted(_plans(rng, customers, accounts), key=lambda p: (p.created_at, p.customer_id))
    orders: list[tuple[object, ...]] = []
    lines: list[LineRow] = []
    for index, plan in enumerate(plans, 1):
        order_id = f"O{index:06d}"
        order_lines = _lines(rng, order_id, products, prices)
        total = sum(line[6] for line in order_lines)
        account = accounts.get(plan.customer_id)
        points = _points(total, plan, account)
        orders.append((
            order_id, f"{100000 + index}", plan.customer_id, plan.channel,
            plan.created_at.isoformat(), plan.status, "EUR", total, plan.store_id,
            account.card_number if account and plan.channel == "STORE" else None, points,
        ))  # fmt: skip
        lines.extend(order_lines)
    conn.executemany(
        "INSERT INTO orders (id, number, customer_id, channel, created_at, status, currency,"
        " total_cents, pickup_store_id, loyalty_card, loyalty_points_earned)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        orders,
    )
    conn.executemany("INSERT INTO order_lines VALUES (?,?,?,?,?,?,?)", lines)


def _plans(
    rng: random.Random, customers: list[SeedCustomer], accounts: dict[str, SeedAccount]
) -> list[OrderPlan]:
    plans = [
        OrderPlan(DEMO_CUSTOMER_ID, channel, _at(days, rng), status, store)
        for channel, days, status, store in DEMO_ORDERS
    ]
    for customer in customers[1:]:
        count = rng.choices(range(len(ORDER_COUNT_WEIGHTS)), weights=ORDER_COUNT_WEIGHTS)[0]
        for _ in range(count):
            channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
            if channel == "STORE" and customer.id not in accounts:
                channel = "WEB"  # a till only links a purchase to a customer by loyalty card
            plans.append(_plan(rng, customer.id, channel))
    return plans


def _plan(rng: random.Random, customer_id: str, channel: str) -> OrderPlan:
    days = rng.randint(1, 540)
    store = rng.choice(STORE_IDS) if channel == "STORE" else None
    if channel != "STORE" and rng.random() < PICKUP_SHARE:
        store = rng.choice(STORE_IDS)  # click and collect
    return OrderPlan(
        customer_id, channel, _at(days, rng), _status(rng, channel, days, store), store
    )


def _status(rng: random.Random, channel: str, days: int, store: str | None) -> str:
    if channel == "STORE":
        return "DELIVERED"  # paid and taken home at the till
    if days <= 2:
        return "CONFIRMED"
    if days <= 6:
        return "READY_FOR_PICKUP" if store else "SHIPPED"
    return "CANCELLED" if rng.random() < 0.03 else "DELIVERED"


def _at(days: int, rng: random.Random) -> datetime:
    # Shops and shoppers are awake between 08:00 and 21:00.
    return (
        REFERENCE_DATE - timedelta(days=days) + timedelta(seconds=rng.randint(8 * 3600, 21 * 3600))
    )


def _lines(
    rng: random.Random, order_id: str, products: list[SeedProduct], prices: dict[str, SeedPrice]
) -> list[LineRow]:
    lines: list[LineRow] = []
    for position, product in enumerate(rng.sample(products, rng.randint(1, 4))):
        variant = rng.choice(product.variants)
        # Several of a cheap item, one of anything dear.
        quantity = rng.choice((1, 1, 1, 2, 3)) if prices[variant.sku].eur < 5000 else 1
        single = len(product.variants) == 1
        title_fr = product.title.fr if single else f"{product.title.fr} — {variant.title.fr}"
        title_en = product.title.en if single else f"{product.title.en} — {variant.title.en}"
        total = prices[variant.sku].eur * quantity
        lines.append((order_id, position, variant.sku, title_fr, title_en, quantity, total))
    return lines


def _points(total_cents: int, plan: OrderPlan, account: SeedAccount | None) -> int | None:
    if account is None or plan.status == "CANCELLED":
        return None
    amount = Decimal(total_cents) / 100
    return earn_points(amount, tier_multiplier(account.tier), channel_multiplier(plan.channel))
