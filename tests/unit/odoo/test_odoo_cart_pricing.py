"""Carts priced by Odoo: each line at its pricelist price for the line's quantity (a
`min_quantity` rule applies to a line of ten, not to a line of one), one product read per
cart, codes answered UNKNOWN (Odoo's pricelists take none), nothing priced without a
pricelist in the currency."""

from __future__ import annotations

from decimal import Decimal

from odoo_support import Make

from connectors.context import CommerceContext
from connectors.models import CartPricingRequest, CodeStatus, LineRequest
from tests.emulators.odoo import RunningOdoo

RETAIL = CommerceContext()
PRO = CommerceContext(customer_group="pro")


async def test_each_line_is_quoted_at_its_own_quantity(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    before = odoo.calls()
    request = CartPricingRequest((LineRequest("BAG-TOTE", 10), LineRequest("CAP", 2)))
    pricing = await connector.price_cart(request, RETAIL)
    tote, cap = pricing.lines
    assert tote.unit_price is not None
    assert tote.unit_price.amount == Decimal("19.00")  # "Tote bag by ten"
    assert tote.total.amount == Decimal("190.00")
    assert cap.total.amount == Decimal("38.00")
    assert pricing.total.amount == Decimal("228.00")
    assert pricing.discounts.amount == Decimal("0.00")
    assert odoo.calls() == before + 1  # one product read for the whole cart


async def test_one_tote_is_not_priced_by_ten(make: Make) -> None:
    connector = await make()
    pricing = await connector.price_cart(CartPricingRequest((LineRequest("BAG-TOTE", 1),)), RETAIL)
    assert pricing.total.amount == Decimal("29.90")


async def test_the_cart_agrees_with_the_product_price_of_its_group(make: Make) -> None:
    connector = await make()
    (pack,) = await connector.prices(["BAG-PACK"], PRO)
    pricing = await connector.price_cart(CartPricingRequest((LineRequest("BAG-PACK", 1),)), PRO)
    assert pack is not None
    assert pricing.lines[0].unit_price == pack.amount


async def test_codes_are_unknown_to_a_pricelist_and_change_nothing(make: Make) -> None:
    connector = await make()
    request = CartPricingRequest((LineRequest("CAP", 1),), codes=(" SPRING10 ", "SPRING10", ""))
    pricing = await connector.price_cart(request, RETAIL)
    assert [(c.code, c.status) for c in pricing.codes] == [("SPRING10", CodeStatus.UNKNOWN)]
    assert pricing.total.amount == Decimal("19.00")


async def test_unknown_skus_and_currencies_are_unpriced_lines(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    request = CartPricingRequest((LineRequest("NOPE", 1), LineRequest("CAP", 1)))
    nope, cap = (await connector.price_cart(request, RETAIL)).lines
    assert nope.unit_price is None
    assert cap.unit_price is not None
    before = odoo.calls()
    chf = CommerceContext(currency="CHF", country="CH")
    unpriced = await connector.price_cart(request, chf)
    assert [line.unit_price for line in unpriced.lines] == [None, None]
    assert odoo.calls() == before
