"""Batch reads: one search_read with an `in` domain per max_batch SKUs, results in key
order, None for a SKU Odoo does not have, the pricelists read once at start-up."""

from __future__ import annotations

from odoo_support import Make

from connectors.context import CommerceContext
from tests.emulators.odoo import RunningOdoo

CTX = CommerceContext()


async def test_one_call_per_batch_in_key_order_with_none_for_missing(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    before = odoo.calls()
    keys = ["CAP", "NO-SUCH-SKU", "BAG-TOTE", "CAP", "SOCK-M"]
    prices = await connector.prices(keys, CTX)
    assert odoo.calls() - before == 1
    assert [p.sku if p else None for p in prices] == ["CAP", None, "BAG-TOTE", "CAP", "SOCK-M"]


async def test_batches_are_chunked_at_max_batch(make: Make, odoo: RunningOdoo) -> None:
    connector = await make(max_batch=2)
    before = odoo.calls()
    skus = ["SHOE-TRAIL-42", "SHOE-CITY-40", "BAG-TOTE", "BAG-PACK", "SOCK-S"]
    prices = await connector.prices(skus, CTX)
    assert odoo.calls() - before == 3
    assert [p.sku if p else None for p in prices] == skus


async def test_an_empty_batch_costs_nothing(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    before = odoo.calls()
    assert await connector.prices([], CTX) == []
    assert odoo.calls() == before


async def test_start_signs_in_once_and_reads_the_pricelists_once(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    assert odoo.counts["common.authenticate"] == 1
    at_start = odoo.calls()
    assert at_start == 6  # pricelists, categories, currencies, rules; warehouses, partners
    for _ in range(3):
        await connector.prices(["CAP"], CTX)
    assert odoo.calls() - at_start == 3
    assert odoo.counts["common.authenticate"] == 1


async def test_json2_api_serves_the_same_prices_in_one_call(make: Make, odoo: RunningOdoo) -> None:
    jsonrpc = await make()
    json2 = await make(api="json2")
    before = odoo.counts["json2"]
    skus = ["SHOE-TRAIL-42", "SOCK-S", "NO-SUCH-SKU"]
    assert await json2.prices(skus, CTX) == await jsonrpc.prices(skus, CTX)
    assert odoo.counts["json2"] - before == 1
