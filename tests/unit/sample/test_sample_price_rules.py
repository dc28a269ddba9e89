"""Sample prices explain themselves: each rule that shaped a price, of its kind, with what
it took off, so that price + the rules' amounts is the base price on every channel."""

from __future__ import annotations

from decimal import Decimal

from connectors.context import Channel, CommerceContext
from connectors.models import Price, PriceRuleKind
from connectors.sample import SampleConnector
from tests.unit.sample.test_sample_pricing import department_skus

WEB = CommerceContext()


def _base(price: Price) -> Decimal:
    return price.amount.amount + sum(
        (r.amount_off.amount for r in price.rules if r.amount_off is not None), Decimal(0)
    )


async def test_the_app_offer_is_a_channel_rule_and_the_bases_agree(
    connector: SampleConnector,
) -> None:
    skus = await department_skus(connector, "sport", 30)
    web = await connector.prices(skus, WEB)
    app = await connector.prices(skus, CommerceContext(channel=Channel.APP))
    for on_web, on_app in zip(web, app, strict=True):
        assert on_web is not None
        assert on_app is not None
        assert _base(on_web) == _base(on_app), "one list price on every channel"
        offer = next(r for r in on_app.rules if r.code == "R-APP-SPORT")
        assert (offer.kind, offer.channel) == (PriceRuleKind.CHANNEL, Channel.APP)
        assert "R-APP-SPORT" not in {r.code for r in on_web.rules}


async def test_the_trade_price_is_a_customer_group_rule(connector: SampleConnector) -> None:
    skus = await department_skus(connector, "diy", 10)
    for price in await connector.prices(skus, CommerceContext(customer_group="pro")):
        assert price is not None
        (trade,) = (r for r in price.rules if r.code == "R-PRO-DIY")
        assert trade.kind is PriceRuleKind.CUSTOMER_GROUP
        assert trade.amount_off is not None
        assert trade.amount_off.amount > 0


async def test_a_coupon_is_listed_but_takes_nothing_off_until_a_cart_has_it(
    connector: SampleConnector,
) -> None:
    skus = await department_skus(connector, "garden", 100)
    prices = [p for p in await connector.prices(skus, WEB) if p is not None]
    coupons = [r for p in prices for r in p.rules if r.code == "SPRING10"]
    assert coupons, "some garden products carry SPRING10"
    assert {(r.kind, r.amount_off) for r in coupons} == {(PriceRuleKind.PROMOTION, None)}


async def test_a_markdown_is_a_sale_struck_from_its_reference(connector: SampleConnector) -> None:
    skus = await department_skus(connector, "garden", 100)
    prices = [p for p in await connector.prices(skus, WEB) if p is not None]
    marked = [p for p in prices if any(r.code == "MARKDOWN" for r in p.rules)]
    assert marked, "some products are marked down"
    for price in marked:
        assert price.compare_at is not None
        assert _base(price) == price.compare_at.amount
    plain = [p for p in prices if p.compare_at is None]
    assert all(p.rules == () or all(r.amount_off is None for r in p.rules) for p in plain)
