"""Generates stock per SKU and location.

Most SKUs are in both warehouses and on the shelves of about half the stores; a few are out
of stock online only, a few everywhere, and the scenario SKUs are placed by hand.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

from connectors.sample.scenario import (
    SCENARIO_OUT_OF_STOCK_ONLINE,
    SCENARIO_PARIS_STOCK,
    SCENARIO_PRODUCTS,
)
from connectors.sample.seed_stores import STORE_IDS, WAREHOUSE_IDS
from connectors.sample.seed_types import SeedProduct

OUT_EVERYWHERE_SHARE = 0.012
OUT_ONLINE_SHARE = 0.04
IN_STORE_SHARE = 0.55

StockRow = tuple[str, str, int]


def seed_stock(conn: sqlite3.Connection, rng: random.Random, products: list[SeedProduct]) -> None:
    scenario_numbers = {item.number for item in SCENARIO_PRODUCTS}
    rows: list[StockRow] = []
    for product in products:
        for variant in product.variants:
            if variant.sku in SCENARIO_OUT_OF_STOCK_ONLINE:
                rows.extend(_offline_only(variant.sku, rng))
            elif product.number in scenario_numbers:
                rows.extend(_everywhere(variant.sku, rng))
            else:
                rows.extend(_random_stock(variant.sku, rng))
    conn.executemany("INSERT INTO stock VALUES (?,?,?)", rows)


def _random_stock(sku: str, rng: random.Random) -> Iterator[StockRow]:
    roll = rng.random()
    if roll < OUT_EVERYWHERE_SHARE:
        return
    if roll >= OUT_EVERYWHERE_SHARE + OUT_ONLINE_SHARE:
        yield from _warehouses(sku, rng)
    for store_id in STORE_IDS:
        if rng.random() < IN_STORE_SHARE:
            yield sku, store_id, rng.randint(1, 12)


def _warehouses(sku: str, rng: random.Random) -> Iterator[StockRow]:
    # The second warehouse is smaller and sometimes lacks a SKU the first one has.
    yield sku, WAREHOUSE_IDS[0], rng.randint(5, 240)
    if rng.random() < 0.7:
        yield sku, WAREHOUSE_IDS[1], rng.randint(1, 90)


def _offline_only(sku: str, rng: random.Random) -> Iterator[StockRow]:
    for store_id in STORE_IDS:
        quantity = SCENARIO_PARIS_STOCK.get(store_id, rng.randint(0, 6))
        if quantity:
            yield sku, store_id, quantity


def _everywhere(sku: str, rng: random.Random) -> Iterator[StockRow]:
    yield from _warehouses(sku, rng)
    for store_id in STORE_IDS:
        yield sku, store_id, rng.randint(2, 15)
