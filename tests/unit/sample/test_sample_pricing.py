"""Sample prices: one price everywhere, except the deliberate rules stored as data."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal

from connectors.context import Channel, CommerceContext
from connectors.models import Price, ProductSearch
from connectors.sample import SCENARIO_SKUS, SampleConnector

WEB = CommerceContext(channel=Channel.WEB)
APP = CommerceContext(channel=Channel.APP)
PRO = CommerceContext(customer_group="pro")
GBP = CommerceContext(country="GB", currency="GBP", language="en")


async def department_skus(connector: SampleConnector, handle: str, count: int) -> list[str]:
    category = (await connector.categories_by_handle([handle], WEB))[0]
    assert category is not None
    page = await connector.search(ProductSearch(first=count, category_id=category.id), WEB)
    return [p.sku for p in page.products]


def paid(prices: list[Price | None] | tuple[Price | None, ...]) -> list[Decimal]:
    return [p.amount.amount for p in prices if p]


async def test_every_sku_has_a_euro_and_a_sterling_price(connector: SampleConnector) -> None:
    skus = await department_skus(connector, "home", 100)
    euros, pounds = await connector.prices(skus, WEB), await connector.prices(skus, GBP)
    assert all(p and p.amount.currency == "EUR" for p in euros)
    assert all(p and p.amount.currency == "GBP" for p in pounds)
    assert all(p and p.amount.amount == p.amount.amount.quantize(Decimal("0.01")) for p in euros)
    # Set by hand, not converted: a "x.99" ending and no single exchange rate.
    assert all(str(a).endswith(".99") for a in paid(pounds))
    rates = {round(g / e, 2) for e, g in zip(paid(euros), paid(pounds), strict=True)}
    assert len(rates) > 3


async def test_other_currencies_have_no_price(connector: SampleConnector) -> None:
    usd = CommerceContext(country="US", currency="USD")
    assert await connector.prices([SCENARIO_SKUS["garden_shears"]], usd) == [None]


async def test_prices_are_the_same_on_every_channel_outside_the_app_offer(
    connector: SampleConnector,
) -> None:
    skus = (await department_skus(connector, "garden", 150)) + (
        await department_skus(connector, "diy", 50)
    )
    web = await connector.prices(skus, WEB)
    for channel in (Channel.APP, Channel.STORE, Channel.KIOSK, Channel.CALL_CENTER):
        assert await connector.prices(skus, CommerceContext(channel=channel)) == web


async def test_the_app_offer_lowers_sport_prices_in_the_app_only(
    connector: SampleConnector,
) -> None:
    skus = await department_skus(connector, "sport", 30)
    web, app = await connector.prices(skus, WEB), await connector.prices(skus, APP)
    for on_web, in_app in zip(web, app, strict=True):
        assert on_web
        assert in_app
        assert in_app.amount.amount < on_web.amount.amount
        assert in_app.compare_at is not None
        assert in_app.compare_at.amount >= on_web.amount.amount
        assert [p.title for p in in_app.promotions] == ["Offre appli"]
        assert in_app.promotions[0].code is None


async def test_pro_customers_pay_ten_percent_less_on_diy(connector: SampleConnector) -> None:
    diy = await department_skus(connector, "diy", 40)
    garden = await department_skus(connector, "garden", 40)
    public, pro = await connector.prices(diy, WEB), await connector.prices(diy, PRO)
    for base, trade in zip(paid(public), paid(pro), strict=True):
        assert trade == (base * Decimal("0.9")).quantize(Decimal("0.01"))
    assert await connector.prices(garden, PRO) == await connector.prices(garden, WEB)


async def test_some_products_are_permanently_marked_down(connector: SampleConnector) -> None:
    skus = await department_skus(connector, "kitchen", 400)
    prices = [p for p in await connector.prices(skus, WEB) if p]
    marked_down = [p for p in prices if p.compare_at is not None]
    assert 0 < len(marked_down) < len(prices) // 4
    assert all(p.compare_at and p.compare_at.amount > p.amount.amount for p in marked_down)


async def test_the_spring_coupon_is_advertised_without_changing_the_amount(
    connector: SampleConnector,
) -> None:
    skus = await department_skus(connector, "garden", 400)
    skus += await department_skus(connector, "home", 400)
    prices = [p for p in await connector.prices(skus, WEB) if p]
    with_coupon = [p for p in prices if any(x.code == "SPRING10" for x in p.promotions)]
    assert 50 <= len(with_coupon) < len(prices)
    listed = list_prices(connector, [p.sku for p in with_coupon])
    assert all(p.amount.amount == listed[p.sku] for p in with_coupon)


def list_prices(connector: SampleConnector, skus: list[str]) -> dict[str, Decimal]:
    """The euro price list as stored, read behind the connector's back."""
    marks = ",".join("?" * len(skus))
    sql = f"SELECT sku, amount_cents FROM prices WHERE currency = 'EUR' AND sku IN ({marks})"
    with closing(sqlite3.connect(connector.db.path)) as conn:
        return {sku: Decimal(cents) / 100 for sku, cents in conn.execute(sql, skus)}
