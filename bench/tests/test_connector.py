"""The bench connector against the bench emulator: key order, None for missing, one HTTP
request per batch, every domain Protocol."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from bench import data
from bench.connector import CACHED_SPEC, SPEC, BenchConnector, BenchSettings
from bench.emulator import RunningEmulator
from bench.processes import free_port
from connectors.base import DOMAINS, ConnectorEnv
from connectors.context import Channel, CommerceContext
from connectors.errors import UpstreamUnavailable
from connectors.models import EarnQuery, LocationKind, Money, ProductSearch, ProductSort
from connectors.protocols import DOMAIN_PROTOCOLS

CTX = CommerceContext()
IDS = [data.product_id(n) for n in range(1, 25)]


async def stats(session: aiohttp.ClientSession, emulator: RunningEmulator) -> dict[str, int]:
    async with session.get(f"{emulator.base_url}/_stats") as response:
        paths: dict[str, int] = (await response.json())["paths"]
        return paths


def test_spec_serves_every_domain_and_parses_its_settings(tmp_path: Path) -> None:
    settings = SPEC.parse_settings({"base_url": "http://127.0.0.1:1", "timeout_s": 2})
    assert settings == BenchSettings("http://127.0.0.1:1", 2.0)
    assert SPEC.domains == CACHED_SPEC.domains == frozenset(DOMAINS)
    assert set(SPEC.cache_ttls.values()) == {0.0}


def test_connector_implements_every_domain_protocol(connector: BenchConnector) -> None:
    for protocol in DOMAIN_PROTOCOLS.values():
        assert isinstance(connector, protocol)


async def test_emulator_shuffles_batches_and_drops_unknown_keys(
    emulator: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    asked = [*IDS, "p9999"]
    url = f"{emulator.base_url}/catalog/products"
    async with session.get(url, params={"ids": ",".join(asked)}) as response:
        answered = [item["uuid"] for item in (await response.json())["items"]]
    assert sorted(answered) == IDS
    assert answered != IDS


async def test_products_in_key_order_with_none_for_missing(
    connector: BenchConnector, emulator: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    keys = [*reversed(IDS[:10]), "missing", IDS[3], *IDS[10:]]
    products = await connector.products(keys, CTX)
    assert [p.id if p else None for p in products] == [k if k != "missing" else None for k in keys]
    assert await stats(session, emulator) == {"/catalog/products": 1}


async def test_products_follow_the_context_language(connector: BenchConnector) -> None:
    (french,) = await connector.products(["p0001"], CTX)
    (english,) = await connector.products(["p0001"], CommerceContext(language="en"))
    assert french is not None
    assert english is not None
    assert french.title == "Lampe classique 001"
    assert english.title == "Classic lamp 001"


async def test_products_by_sku_match_any_variant(connector: BenchConnector) -> None:
    keys = ["SKU-0003-M", "SKU-0003", "SKU-0003-BLUE", "nope"]
    found = await connector.products_by_sku(keys, CTX)
    assert [p.id if p else None for p in found] == ["p0003", "p0003", None, None]
    assert found[0] is not None
    assert found[0].sku == "SKU-0003"


async def test_products_by_handle_and_categories(connector: BenchConnector) -> None:
    handles = ["lampe-classique-001", "nope", "chaussure-classique-004"]
    found = await connector.products_by_handle(handles, CTX)
    assert [p.handle if p else None for p in found] == [handles[0], None, handles[2]]
    categories = await connector.categories(["cat-velo", "x", "cat-maison"], CTX)
    assert [c.title if c else None for c in categories] == ["Vélo", None, "Maison"]
    by_handle = await connector.categories_by_handle(["audio"], CTX)
    assert by_handle[0] is not None
    assert by_handle[0].parent_id == "cat-tech"


async def test_search_pages_through_the_catalogue(connector: BenchConnector) -> None:
    first = await connector.search(ProductSearch(first=24), CTX)
    assert (len(first.products), first.total_count, first.has_next_page) == (24, 500, True)
    assert [p.id for p in first.products] == IDS
    last = await connector.search(ProductSearch(first=24, offset=490), CTX)
    assert (len(last.products), last.has_next_page) == (10, False)
    by_price = await connector.search(
        ProductSearch(first=5, category_id="cat-audio", sort=ProductSort.PRICE), CTX
    )
    prices = [data.base_price(int(p.id[1:])) for p in by_price.products]
    assert prices == sorted(prices)
    assert all("cat-audio" in p.category_ids for p in by_price.products)


async def test_prices_in_key_order_and_in_context(connector: BenchConnector) -> None:
    skus = ["SKU-0004", "nope", "SKU-0001"]
    prices = await connector.prices(skus, CTX)
    assert [p.sku if p else None for p in prices] == [skus[0], None, skus[2]]
    promoted, _, plain = prices
    assert promoted is not None
    assert plain is not None
    assert promoted.compare_at is not None
    assert promoted.promotions[0].code == "PRINTEMPS20"
    assert promoted.amount.amount < promoted.compare_at.amount
    assert plain.compare_at is None
    assert plain.amount.currency == "EUR"
    (pro,) = await connector.prices(["SKU-0001"], CTX.with_customer("cust-010", "pro"))
    assert pro is not None
    assert pro.amount.amount < plain.amount.amount
    assert await connector.prices(skus, CommerceContext(currency="XXX")) == [None] * 3


async def test_stock_counts_warehouses_online_and_lists_stores(connector: BenchConnector) -> None:
    levels = await connector.stock(["SKU-0010", "nope", "SKU-0001"], CTX)
    sold_out, missing, level = levels
    assert missing is None
    assert sold_out is not None
    assert level is not None
    assert sold_out.online_quantity == 0
    assert not sold_out.available_online
    assert level.online_quantity > 0
    assert len(level.stores) == len(data.STORES)


async def test_stores_by_id_code_and_all(connector: BenchConnector) -> None:
    stores = await connector.stores(["st-09", "wh-idf", "nope"], CTX)
    assert [s.id if s else None for s in stores] == ["st-09", "wh-idf", None]
    assert stores[1] is not None
    assert stores[1].kind is LocationKind.WAREHOUSE
    by_code = await connector.stores_by_code(["PAR-RIV"], CTX)
    assert by_code[0] is not None
    assert by_code[0].location.latitude == pytest.approx(48.8606)
    everything = await connector.all_stores(CTX)
    assert [s.id for s in everything] == [s.id for s in data.STORES]
    assert await connector.all_stores(CommerceContext(country="BE")) == []


async def test_content_and_pages(connector: BenchConnector) -> None:
    blocks = await connector.product_content(["p0003", "p0007", "nope", "p0001"], CTX)
    assert [len(b) for b in blocks] == [2, 0, 0, 1]
    assert blocks[3][0].type == "hero"
    pages = await connector.pages(["cgv", "nope", "accueil"], CTX)
    assert [p.handle if p else None for p in pages] == ["cgv", None, "accueil"]


async def test_points_are_matched_by_sku_and_price(connector: BenchConnector) -> None:
    queries = [
        EarnQuery("SKU-0001", Money(Decimal("19.90"), "EUR")),
        EarnQuery("nope", Money(Decimal("10"), "EUR")),
        EarnQuery("SKU-0001", Money(Decimal("99.00"), "EUR")),
        EarnQuery("SKU-0001", Money(Decimal("19.9"), "EUR")),
    ]
    assert await connector.points_for(queries, CTX) == [19, None, 99, 19]
    assert await connector.points_for(queries[:1], CommerceContext(channel=Channel.APP)) == [38]


async def test_accounts_customers_and_empty_orders(connector: BenchConnector) -> None:
    accounts = await connector.accounts(["cust-002", "cust-001"], CTX)
    assert accounts[0] is None
    assert accounts[1] is not None
    assert accounts[1].customer_id == "cust-001"
    customers = await connector.customers(["cust-010", "nope"], CTX)
    assert customers[0] is not None
    assert customers[0].customer_group == "pro"
    assert customers[1] is None
    assert await connector.carts(["c1", "c2"], CTX) == [None, None]
    assert await connector.orders(["o1"], CTX) == [None]
    assert await connector.orders_by_customer(["cust-001"], CTX) == [()]


async def test_one_request_per_batch_and_none_for_no_keys(
    connector: BenchConnector, emulator: RunningEmulator
) -> None:
    skus = [data.product_sku(n) for n in range(1, 25)]
    assert await connector.prices([], CTX) == []
    assert await connector.points_for([], CTX) == []
    assert sum(emulator.counts().values()) == 0
    await connector.prices(skus, CTX)
    await connector.stock(skus, CTX)
    await connector.product_content(IDS, CTX)
    await connector.points_for([EarnQuery(s, Money(Decimal("10"), "EUR")) for s in skus], CTX)
    assert emulator.counts() == {
        "/pricing/prices": 1,
        "/inventory/stock": 1,
        "/content/products": 1,
        "/loyalty/points": 1,
    }


async def test_stats_reset(
    connector: BenchConnector, emulator: RunningEmulator, session: aiohttp.ClientSession
) -> None:
    await connector.products(IDS, CTX)
    async with session.post(f"{emulator.base_url}/_stats/reset") as response:
        assert response.status == 200
    assert await stats(session, emulator) == {}


async def test_check_probes_the_upstream(
    connector: BenchConnector, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    await connector.check()
    closed = BenchConnector(
        BenchSettings(f"http://127.0.0.1:{free_port()}", timeout_s=1.0),
        ConnectorEnv("down", session, tmp_path),
    )
    with pytest.raises(UpstreamUnavailable):
        await closed.check()
