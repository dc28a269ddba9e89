"""Odoo prices explain themselves: the pricelist item that priced a SKU is its price rule,
of the kind the pricelist was chosen for (a channel's, a group's, everyone's), with what
it took off the list price (figures from the emulator's seed, as test_odoo_pricing)."""

from __future__ import annotations

from decimal import Decimal

from odoo_support import Make

from connectors.context import Channel, CommerceContext
from connectors.models import PriceRuleKind

RETAIL = CommerceContext()


async def test_a_retail_rule_is_a_sale_with_what_it_took_off(make: Make) -> None:
    connector = await make()
    trail, tote = await connector.prices(["SHOE-TRAIL-42", "BAG-TOTE"], RETAIL)
    assert trail is not None
    (rule,) = trail.rules
    assert (rule.kind, rule.title, rule.channel) == (
        PriceRuleKind.SALE,
        "Trail shoe launch price",
        None,
    )
    assert rule.code.startswith("product.pricelist.item/")
    assert rule.amount_off is not None
    assert trail.amount.amount + rule.amount_off.amount == Decimal("99.00")
    assert tote is not None
    assert tote.rules == (), "the list price: nothing to explain"


async def test_the_pro_pricelist_is_a_customer_group_rule(make: Make) -> None:
    connector = await make()
    (pack,) = await connector.prices(["BAG-PACK"], RETAIL.with_customer("c-1", "pro"))
    assert pack is not None
    assert [r.kind for r in pack.rules] == [PriceRuleKind.CUSTOMER_GROUP]
    assert pack.rules[0].amount_off is not None
    assert pack.rules[0].amount_off.amount == Decimal("14.00")  # 54.00 list, fixed 40


async def test_the_app_pricelist_is_a_channel_rule_restricted_to_the_app(make: Make) -> None:
    connector = await make()
    (cap,) = await connector.prices(["CAP"], CommerceContext(channel=Channel.APP))
    assert cap is not None
    (rule,) = cap.rules
    assert (rule.kind, rule.channel) == (PriceRuleKind.CHANNEL, Channel.APP)
    assert rule.amount_off is not None
    assert cap.amount.amount + rule.amount_off.amount == Decimal("19.00")
