"""Generates list prices (EUR and GBP per SKU) and the few deliberate price rules.

The omnichannel rule is that a SKU costs the same on every channel; the rules table holds the
exceptions a retailer really runs: an app-only offer, a coupon, a trade price for "pro". Two
more coupons exist for checkout to show how codes behave: one that has lapsed, and one sent
by push notification to app users only (not advertised on product prices).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

from connectors.sample.scenario import SCENARIO_PRODUCTS
from connectors.sample.seed_types import SeedPrice, SeedProduct

MARKDOWN_SHARE = 0.06
SPRING_PRODUCTS = 120
APP_DEPARTMENT = "sport"
PRO_DEPARTMENT = "diy"

# (id, priority, scope, department handle, channel, group, percent, code,
#  title fr, title en, description fr, description en, valid until, advertised)
RULES = (
    ("R-APP-SPORT", 10, "department", APP_DEPARTMENT, "APP", None, 15, None,
     "Offre appli", "App exclusive",
     "-15 % sur le rayon sport, uniquement dans l'appli.", "15% off sport, in the app only.",
     None, 1),
    ("R-SPRING10", 20, "products", None, None, None, 10, "SPRING10",
     "Printemps -10 %", "Spring sale -10%",
     "-10 % avec le code SPRING10 au panier.", "10% off at checkout with code SPRING10.",
     None, 1),
    ("R-PRO-DIY", 30, "department", PRO_DEPARTMENT, None, "pro", 10, None,
     "Tarif pro", "Trade price",
     "-10 % sur le bricolage pour les clients professionnels.", "10% off DIY for trade customers.",
     None, 1),
    ("R-WINTER2025", 40, "all", None, None, None, 20, "WINTER2025",
     "Soldes d'hiver -20 %", "Winter sale -20%",
     "-20 % sur tout avec le code WINTER2025.", "20% off everything with code WINTER2025.",
     "2025-03-01T00:00:00.000000+00:00", 1),
    ("R-APPONLY5", 50, "all", None, "APP", None, 5, "APPONLY5",
     "Code appli -5 %", "App code -5%",
     "-5 % sur tout dans l'appli avec le code APPONLY5.",
     "5% off everything in the app with code APPONLY5.", None, 0),
)  # fmt: skip


def seed_prices(
    conn: sqlite3.Connection, rng: random.Random, products: list[SeedProduct]
) -> dict[str, SeedPrice]:
    """Insert prices and rules; return each SKU's list price for the order seeder."""
    fixed = {
        item.number: SeedPrice(item.price_eur_cents, item.price_gbp_cents)
        for item in SCENARIO_PRODUCTS
    }
    by_sku: dict[str, SeedPrice] = {}
    rows: list[tuple[object, ...]] = []
    for product in products:
        price = fixed.get(product.number) or _list_price(product, rng)
        # Scenario items keep plain prices so the click-and-collect demo stays readable.
        markdown = product.number not in fixed and rng.random() < MARKDOWN_SHARE
        sale = _marked_down(price, rng) if markdown else price
        for variant in product.variants:
            by_sku[variant.sku] = sale
            rows.append((variant.sku, "EUR", sale.eur, price.eur if markdown else None))
            rows.append((variant.sku, "GBP", sale.gbp, price.gbp if markdown else None))
    conn.executemany("INSERT INTO prices VALUES (?,?,?,?)", rows)
    _insert_rules(conn, rng, products, skip=set(fixed))
    return by_sku


def _list_price(product: SeedProduct, rng: random.Random) -> SeedPrice:
    low, high = product.leaf.price_eur
    euros = int(rng.uniform(low, high))
    eur = max(199, euros * 100 + rng.choice((99, 99, 90, 0)))
    # Sterling prices are set by the UK team, not converted: a rate varying by product,
    # then the ".99" ending British shoppers expect.
    pounds = int(eur * rng.uniform(0.82, 0.9) / 100)
    return SeedPrice(eur, max(199, pounds * 100 + 99))


def _marked_down(price: SeedPrice, rng: random.Random) -> SeedPrice:
    keep = rng.uniform(0.6, 0.8)
    return SeedPrice(_ninety_nine(price.eur * keep), _ninety_nine(price.gbp * keep))


def _ninety_nine(cents: float) -> int:
    return max(99, int(cents / 100) * 100 - 1)


def _insert_rules(
    conn: sqlite3.Connection, rng: random.Random, products: list[SeedProduct], skip: set[int]
) -> None:
    departments = {p.department.handle: p.department_id for p in products}
    conn.executemany(
        "INSERT INTO price_rules VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(r[0], r[1], r[2], departments.get(r[3] or ""), *r[4:]) for r in RULES],
    )
    eligible = [
        p.id for p in products if p.department.handle in ("garden", "home") and p.number not in skip
    ]
    targets = sorted(rng.sample(eligible, SPRING_PRODUCTS))
    conn.executemany(
        "INSERT INTO price_rule_products VALUES (?,?)", _targets("R-SPRING10", targets)
    )


def _targets(rule_id: str, product_ids: list[str]) -> Iterator[tuple[str, str]]:
    for product_id in product_ids:
        yield rule_id, product_id
