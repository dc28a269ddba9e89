"""Prices from Odoo pricelists, per customer group, channel and currency: every rule kind
evaluated as Odoo documents it (expected figures worked out from the emulator's seed)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from odoo_support import Make

from connectors.context import Channel, CommerceContext
from connectors.models import Price
from tests.emulators.odoo import RunningOdoo

RETAIL = CommerceContext()
SKUS = ["SHOE-TRAIL-42", "SHOE-CITY-40", "BAG-TOTE", "BAG-PACK", "SOCK-S", "SOCK-M", "CAP"]


def _amounts(prices: list[Price | None]) -> list[str | None]:
    return [str(p.amount.amount) if p else None for p in prices]


async def test_retail_prices_follow_each_rule_kind(make: Make) -> None:
    connector = await make()
    prices = list(await connector.prices(SKUS, RETAIL))
    assert _amounts(prices) == [
        "89.00",  # fixed price on the variant
        "62.91",  # 10% off the Shoes category (69.90)
        "29.90",  # min_quantity 10 and an expired sale: neither applies to one unit
        "54.00",  # no rule: the list price
        "7.99",  # formula on the template: 9.90 - 20%, rounded to 1, - 0.01
        "7.99",  # the template's other variant
        "19.00",
    ]
    assert all(p is not None and p.amount.currency == "EUR" for p in prices)


async def test_a_lowered_price_strikes_the_list_price_and_names_the_rule(make: Make) -> None:
    connector = await make()
    trail, tote = await connector.prices(["SHOE-TRAIL-42", "BAG-TOTE"], RETAIL)
    assert trail is not None
    assert trail.compare_at is not None
    assert trail.compare_at.amount == Decimal("99.00")
    assert [p.title for p in trail.promotions] == ["Trail shoe launch price"]
    assert tote is not None
    assert tote.compare_at is None
    assert tote.promotions == ()


async def test_a_category_rule_covers_sub_categories_after_variant_rules(make: Make) -> None:
    """Both shoes are in Shoes/Running, under the Shoes rule (10% off); the trail shoe's
    own variant rule comes first in Odoo's order and wins."""
    connector = await make()
    road, trail = await connector.prices(["SHOE-RUN-44", "SHOE-TRAIL-42"], RETAIL)
    assert road is not None
    assert road.amount.amount == Decimal("108.00")
    assert [p.title for p in road.promotions] == ["Shoes -10%"]
    assert trail is not None
    assert trail.amount.amount == Decimal("89.00")


async def test_pro_group_gets_its_pricelist(make: Make) -> None:
    connector = await make()
    pro = RETAIL.with_customer("c-1", "pro")
    prices = await connector.prices(["SHOE-TRAIL-42", "BAG-PACK", "CAP"], pro)
    # 20% off everything, the backpack at a fixed 40.
    assert _amounts(list(prices)) == ["79.20", "40.00", "15.20"]


async def test_pro_group_keeps_its_pricelist_on_a_channel_with_its_own(make: Make) -> None:
    connector = await make()
    pro_app = CommerceContext(channel=Channel.APP).with_customer("c-1", "pro")
    (price,) = await connector.prices(["BAG-PACK"], pro_app)
    assert price is not None
    assert price.amount.amount == Decimal("40.00")


async def test_app_channel_prices_on_retail_with_a_capped_discount(make: Make) -> None:
    connector = await make()
    app = CommerceContext(channel=Channel.APP)
    prices = await connector.prices(["SHOE-CITY-40", "CAP", "SHOE-TRAIL-42"], app)
    # Retail less 5%, but never more than 3 off retail (price_min_margin = -3).
    assert _amounts(list(prices)) == ["59.91", "18.05", "86.00"]


async def test_currency_picks_the_pricelist_in_that_currency(make: Make) -> None:
    connector = await make()
    gbp = CommerceContext(currency="GBP", country="GB")
    prices = await connector.prices(["SHOE-TRAIL-42", "BAG-TOTE", "CAP"], gbp)
    # List prices at the GBP rate (0.85), the cap at its fixed price in pounds.
    assert _amounts(list(prices)) == ["84.15", "25.42", "15.00"]
    assert all(p is not None and p.amount.currency == "GBP" for p in prices)


async def test_no_pricelist_in_the_currency_prices_nothing_without_a_call(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    before = odoo.calls()
    chf = CommerceContext(currency="CHF", country="CH")
    assert await connector.prices(["CAP", "BAG-TOTE"], chf) == [None, None]
    assert odoo.calls() == before


@pytest.mark.parametrize("group", ["default", "unknown-group"])
async def test_groups_without_a_pricelist_fall_back_to_default(make: Make, group: str) -> None:
    connector = await make()
    (cap,) = await connector.prices(["CAP"], RETAIL.with_customer(None, group))
    assert cap is not None
    assert cap.amount.amount == Decimal("19.00")
