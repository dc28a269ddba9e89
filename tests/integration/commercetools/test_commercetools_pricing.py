"""Price selection against the mock: currency, country, customer group and distribution
channel from the context, product discounts, and cart pricing with discount codes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from connectors.commercetools import CommercetoolsConnector
from connectors.context import Channel, CommerceContext
from connectors.models import CartPricingRequest, CodeStatus, LineRequest, Money
from tests.integration.commercetools.conftest import API, ScriptedProxy
from tests.upstreams.commercetools import dataset as d

pytestmark = pytest.mark.integration

CTX = CommerceContext()
PRO = replace(CTX, customer_group="pro")
APP = replace(CTX, channel=Channel.APP)


def _spec(number: int) -> d.ProductSpec:
    return d.PRODUCTS[number - 1]


def _eur(cents: int) -> Money:
    return Money(d.money(cents), "EUR")


async def _amount(connector: CommercetoolsConnector, sku: str, ctx: CommerceContext) -> Money:
    (price,) = await connector.prices([sku], ctx)
    assert price is not None
    return price.amount


async def test_every_sku_has_its_unscoped_price_in_euros_and_pounds(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    skus = [v.sku for p in d.PRODUCTS if not p.discounted for v in p.variants]
    before = proxy.count(API)
    eur = await connector.prices(skus, CTX)
    gbp = await connector.prices(skus, replace(CTX, currency="GBP"))
    assert proxy.count(API) - before == 2, "one request per batch"
    by_sku = {v.sku: v for p in d.PRODUCTS for v in p.variants}
    assert [p.amount if p else None for p in eur] == [_eur(by_sku[s].eur_cents) for s in skus]
    assert [p.amount.amount if p else None for p in gbp] == [
        d.money(by_sku[s].gbp_cents) for s in skus
    ]


async def test_a_country_price_applies_in_its_country_only(
    connector: CommercetoolsConnector,
) -> None:
    spec = _spec(2)  # even: has a Belgian price
    sku, cents = spec.variants[1].sku, spec.variants[1].eur_cents
    assert await _amount(connector, sku, replace(CTX, country="BE")) == _eur(cents + 50)
    assert await _amount(connector, sku, CTX) == _eur(cents)


async def test_the_b2b_group_price_and_the_app_channel_price(
    connector: CommercetoolsConnector,
) -> None:
    spec = _spec(3)  # every third product has an app price
    sku, cents = spec.variants[0].sku, spec.variants[0].eur_cents
    assert await _amount(connector, sku, PRO) == _eur(cents - d.percent(cents, 15))
    assert await _amount(connector, sku, APP) == _eur(cents - d.percent(cents, 10))
    # A customer group price is more specific than a channel price.
    assert await _amount(connector, sku, replace(APP, customer_group="pro")) == _eur(
        cents - d.percent(cents, 15)
    )
    # No app price on product 4: the app pays what the web pays.
    other = _spec(4).variants[0]
    assert await _amount(connector, other.sku, APP) == _eur(other.eur_cents)


async def test_an_unmapped_group_pays_what_everyone_pays(
    connector: CommercetoolsConnector,
) -> None:
    variant = _spec(1).variants[0]
    assert await _amount(connector, variant.sku, replace(CTX, customer_group="vip")) == _eur(
        variant.eur_cents
    )


async def test_a_product_discount_strikes_the_price_through(
    connector: CommercetoolsConnector,
) -> None:
    variant = _spec(5).variants[0]
    (price,) = await connector.prices([variant.sku], CTX)
    assert price is not None
    assert price.amount == _eur(variant.eur_cents - d.percent(variant.eur_cents, 30))
    assert price.compare_at == _eur(variant.eur_cents)
    assert [p.title for p in price.promotions] == ["Soldes"]
    (english,) = await connector.prices([variant.sku], replace(CTX, language="en"))
    assert english is not None
    assert [p.title for p in english.promotions] == ["Sale"]


async def test_a_cart_is_priced_with_its_codes(connector: CommercetoolsConnector) -> None:
    a, b = _spec(1).variants[0], _spec(3).variants[0]
    lines = (LineRequest(a.sku, 2), LineRequest(b.sku, 1), LineRequest("NO-SUCH-SKU", 1))
    codes = (d.LIVE_CODE, d.EXPIRED_CODE, "NO-SUCH-CODE", f" {d.LIVE_CODE} ")
    pricing = await connector.price_cart(CartPricingRequest(lines, codes), CTX)
    subtotal = a.eur_cents * 2 + b.eur_cents
    assert pricing.subtotal == _eur(subtotal)
    assert [line.discount for line in pricing.lines[:2]] == [
        _eur(d.percent(a.eur_cents * 2, 10)),
        _eur(d.percent(b.eur_cents, 10)),
    ]
    assert pricing.lines[2].unit_price is None
    assert pricing.total.amount == pricing.subtotal.amount - pricing.discounts.amount
    assert [(c.code, c.status) for c in pricing.codes] == [
        (d.LIVE_CODE, CodeStatus.APPLIED),
        (d.EXPIRED_CODE, CodeStatus.EXPIRED),
        ("NO-SUCH-CODE", CodeStatus.UNKNOWN),
    ]


async def test_a_code_before_it_expired(connector: CommercetoolsConnector) -> None:
    connector.now = lambda: datetime(2025, 1, 15, tzinfo=UTC)
    variant = _spec(1).variants[0]
    pricing = await connector.price_cart(
        CartPricingRequest((LineRequest(variant.sku, 1),), (d.EXPIRED_CODE,)), CTX
    )
    assert [c.status for c in pricing.codes] == [CodeStatus.APPLIED]
    assert pricing.discounts == _eur(d.percent(variant.eur_cents, 15))
    assert pricing.total.amount == d.money(variant.eur_cents) - pricing.discounts.amount
    assert pricing.total.amount > Decimal(0)
