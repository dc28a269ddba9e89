"""The dataloader contract on every batch method, and the cost of a batch in statements."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.models import EarnQuery, Money, ProductSearch
from connectors.protocols import DOMAIN_PROTOCOLS
from connectors.sample import (
    DEMO_CUSTOMER_ID,
    SCENARIO_HANDLES,
    SCENARIO_SKUS,
    SPEC,
    SampleConnector,
    SampleSettings,
)

CTX = CommerceContext()
SHEARS, CAN = SCENARIO_SKUS["garden_shears"], SCENARIO_SKUS["watering_can"]
GLOVES_M = SCENARIO_SKUS["gardening_gloves"]


def earn(sku: str, price: str = "10.00", currency: str = "EUR") -> EarnQuery:
    return EarnQuery(sku, Money(Decimal(price), currency))


# method, (a, b) two known keys, a missing key, does the result match the key?
Matcher = Callable[[Any, Any], bool]
CASES: list[tuple[str, tuple[Any, Any], Any, Matcher]] = [
    ("products", ("P000010", "P000002"), "P999999", lambda r, k: r.id == k),
    ("products_by_handle", (SCENARIO_HANDLES["watering_can"], SCENARIO_HANDLES["garden_shears"]),
     "no-such-handle", lambda r, k: r.handle == k),
    ("products_by_sku", (GLOVES_M, SHEARS), "OC-999999",
     lambda r, k: k in {v.sku for v in r.variants}),
    ("categories", ("C0101", "C02"), "C99", lambda r, k: r.id == k),
    ("categories_by_handle", ("garden", "tops"), "toys", lambda r, k: r.handle == k),
    ("prices", (CAN, SHEARS), "OC-999999", lambda r, k: r.sku == k),
    ("stock", (CAN, SHEARS), "OC-999999", lambda r, k: r.sku == k),
    ("stores", ("S009", "W001"), "S999", lambda r, k: r.id == k),
    ("stores_by_code", ("PAR-RIVOLI", "LYO-CONFLUENCE"), "NOWHERE", lambda r, k: r.code == k),
    ("pages", ("size-guide", "home"), "no-such-page", lambda r, k: r.handle == k),
    ("product_content", ("P001300", "P001301"), "P999999",
     lambda r, k: all(b.type == "size-guide" for b in r[:1])),
    ("customers", ("CU0002", DEMO_CUSTOMER_ID), "CU9999", lambda r, k: r.id == k),
    ("orders", ("O000002", "O000001"), "O999999", lambda r, k: r.id == k),
    ("orders_by_customer", (DEMO_CUSTOMER_ID, "CU0003"), "CU9999",
     lambda r, k: all(o.customer_id == k for o in r)),
    ("accounts", ("CU0002", DEMO_CUSTOMER_ID), "CU9999", lambda r, k: r.customer_id == k),
    ("points_for", (earn(CAN, "17.90"), earn(SHEARS, "24.99")), earn(CAN, currency="USD"),
     lambda r, k: r == int(k.unit_price.amount)),
]  # fmt: skip
TUPLE_RESULTS = {"product_content", "orders_by_customer"}


def test_the_connector_serves_all_six_domains() -> None:
    assert set(DOMAIN_PROTOCOLS) == SPEC.domains
    assert SPEC.settings_type is SampleSettings
    assert SPEC.max_batch_size == 500
    assert SPEC.parse_settings({"seed": 3}) == SampleSettings(seed=3)


async def test_the_connector_satisfies_every_protocol(connector: SampleConnector) -> None:
    assert all(isinstance(connector, proto) for proto in DOMAIN_PROTOCOLS.values())


@pytest.mark.parametrize(
    ("method", "known", "missing", "matches"), CASES, ids=[c[0] for c in CASES]
)
async def test_results_follow_key_order_with_nothing_for_missing_keys(
    connector: SampleConnector, method: str, known: tuple[Any, Any], missing: Any, matches: Matcher
) -> None:
    a, b = known
    results = await getattr(connector, method)([a, missing, b, a], CTX)
    assert len(results) == 4
    assert results[1] == (() if method in TUPLE_RESULTS else None)
    assert results[0]
    assert results[2]
    assert matches(results[0], a)
    assert matches(results[2], b)
    assert results[3] == results[0]
    assert results[0] != results[2]


async def test_empty_batches_cost_nothing(connector: SampleConnector) -> None:
    for method, *_ in CASES:
        assert list(await getattr(connector, method)([], CTX)) == []
    assert connector.db.statements == 0


async def two_hundred_keys(connector: SampleConnector) -> dict[str, list[Any]]:
    page = await connector.search(ProductSearch(first=200), CTX)
    skus = [p.sku for p in page.products]
    return {
        "products": [p.id for p in page.products],
        "products_by_sku": skus,
        "prices": skus,
        "stock": skus,
        "product_content": [p.id for p in page.products],
        "customers": [f"CU{n:04d}" for n in range(1, 201)],
        "orders": [f"O{n:06d}" for n in range(1, 201)],
        "orders_by_customer": [f"CU{n:04d}" for n in range(1, 201)],
        "accounts": [f"CU{n:04d}" for n in range(1, 201)],
        "points_for": [earn(sku) for sku in skus],
    }


async def test_a_200_key_batch_costs_at_most_two_statements(connector: SampleConnector) -> None:
    for method, keys in (await two_hundred_keys(connector)).items():
        before = connector.db.statements
        results = await getattr(connector, method)(keys, CTX)
        assert len(results) == len(keys)
        assert sum(1 for r in results if r) > len(keys) // 2, method
        assert 1 <= connector.db.statements - before <= 2, method


async def test_large_batches_are_chunked_at_500_keys(connector: SampleConnector) -> None:
    page = await connector.search(ProductSearch(first=1200), CTX)
    before = connector.db.statements
    products = await connector.products([p.id for p in page.products], CTX)
    assert connector.db.statements - before == 3
    assert [p.id for p in products if p] == [p.id for p in page.products]


async def test_carts_are_read_with_their_lines(
    sample_db: Path, tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    copy = tmp_path / "sample.db"
    shutil.copy(sample_db, copy)
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.executemany(
            "INSERT INTO carts (id, channel, currency, customer_id, promotion_codes, created_at,"
            " updated_at) VALUES (?, ?, 'EUR', ?, ?, '2025-06-01', '2025-06-01')",
            [("K1", "WEB", None, "[]"), ("K2", "APP", DEMO_CUSTOMER_ID, '["SPRING10"]')],
        )
        conn.executemany(
            "INSERT INTO cart_lines VALUES (?, ?, ?, ?, ?)",
            [("L2", "K2", 1, CAN, 1), ("L1", "K2", 0, SHEARS, 2)],
        )
    sample = SampleConnector(
        SampleSettings(database=str(copy)), ConnectorEnv("s", session, tmp_path)
    )
    await sample.start()
    try:
        carts = await sample.carts(["K2", "K0", "K1", "K2"], CTX)
    finally:
        await sample.aclose()
    assert carts[1] is None
    assert carts[0] == carts[3]
    assert carts[0]
    assert [(line.sku, line.quantity) for line in carts[0].lines] == [
        (SHEARS, 2),
        (CAN, 1),
    ]
    assert carts[0].promotion_codes == ("SPRING10",)
    assert carts[0].customer_id == DEMO_CUSTOMER_ID
    assert carts[2]
    assert carts[2].lines == ()
    assert carts[2].customer_id is None
