"""Pricing a cart: `prices()` amounts times quantities, less the codes that apply."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sample_support import FakeClock

from connectors.context import Channel, CommerceContext
from connectors.models import (
    CartPricingRequest,
    CodeResult,
    CodeStatus,
    LineRequest,
    ProductSearch,
)
from connectors.sample import SCENARIO_SKUS, SampleConnector

WEB = CommerceContext(channel=Channel.WEB)
APP = CommerceContext(channel=Channel.APP)
SHEARS = SCENARIO_SKUS["garden_shears"]  # never in a coupon's products
CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


async def spring_skus(connector: SampleConnector, count: int) -> list[str]:
    """SKUs the SPRING10 coupon is advertised on."""
    page = await connector.search(ProductSearch(first=800), WEB)
    prices = await connector.prices([p.sku for p in page.products], WEB)
    found = [p.sku for p in prices if p and any(x.code == "SPRING10" for x in p.promotions)]
    assert len(found) >= count
    return found[:count]


async def sport_sku(connector: SampleConnector) -> str:
    sport = (await connector.categories_by_handle(["sport"], WEB))[0]
    assert sport is not None
    page = await connector.search(ProductSearch(first=1, category_id=sport.id), WEB)
    return page.products[0].sku


async def test_lines_are_priced_as_prices_answers(connector: SampleConnector) -> None:
    spring = (await spring_skus(connector, 1))[0]
    skus = [spring, SHEARS, await sport_sku(connector)]  # the sport line has the app offer
    request = CartPricingRequest(
        tuple(LineRequest(s, q) for s, q in zip(skus, (3, 1, 2), strict=True))
    )
    pricing = await connector.price_cart(request, APP)
    unit_prices = await connector.prices(skus, APP)
    for line, price, quantity in zip(pricing.lines, unit_prices, (3, 1, 2), strict=True):
        assert price is not None
        assert (line.sku, line.quantity, line.unit_price) == (price.sku, quantity, price.amount)
        assert line.subtotal.amount == price.amount.amount * quantity
        assert line.discount.amount == 0
        assert line.total == line.subtotal
    assert pricing.subtotal.amount == sum(line.subtotal.amount for line in pricing.lines)
    assert pricing.discounts.amount == 0
    assert pricing.total == pricing.subtotal
    assert pricing.codes == ()


async def test_a_code_discounts_its_products_lines_only(connector: SampleConnector) -> None:
    spring = (await spring_skus(connector, 1))[0]
    lines = (LineRequest(spring, 3), LineRequest(SHEARS, 1))
    pricing = await connector.price_cart(CartPricingRequest(lines, ("spring10",)), WEB)
    eligible, other = pricing.lines
    assert eligible.discount.amount == cents(eligible.subtotal.amount / 10) > 0
    assert eligible.total.amount == eligible.subtotal.amount - eligible.discount.amount
    assert other.discount.amount == 0
    assert pricing.discounts == eligible.discount
    assert pricing.total.amount == pricing.subtotal.amount - pricing.discounts.amount
    assert pricing.codes == (CodeResult("SPRING10", CodeStatus.APPLIED, "Printemps -10 %"),)
    # The coupon was only advertised: prices() does not include it, so nothing counts twice.
    listed = (await connector.prices([spring], WEB))[0]
    assert listed is not None
    assert eligible.unit_price == listed.amount


async def test_each_code_gets_a_status(connector: SampleConnector) -> None:
    request = CartPricingRequest(
        (LineRequest(SHEARS, 2),), ("SPRING10", "nope", "Winter2025", "APPONLY5", "spring10 ")
    )
    web = await connector.price_cart(request, CommerceContext(language="en"))
    assert [(c.code, c.status, c.title) for c in web.codes] == [
        ("SPRING10", CodeStatus.NOT_APPLICABLE, "Spring sale -10%"),  # shears are not in it
        ("NOPE", CodeStatus.UNKNOWN, None),
        ("WINTER2025", CodeStatus.EXPIRED, "Winter sale -20%"),
        ("APPONLY5", CodeStatus.NOT_APPLICABLE, "App code -5%"),  # app only
    ]
    assert web.discounts.amount == 0
    app = await connector.price_cart(request, APP)
    assert [c.status for c in app.codes] == [
        CodeStatus.NOT_APPLICABLE, CodeStatus.UNKNOWN, CodeStatus.EXPIRED, CodeStatus.APPLIED,
    ]  # fmt: skip
    assert app.discounts.amount == cents(app.subtotal.amount * 5 / 100) > 0


async def test_an_app_code_takes_five_percent_off_every_line_in_the_app(
    connector: SampleConnector,
) -> None:
    page = await connector.search(ProductSearch(first=60), APP)
    lines = tuple(LineRequest(p.sku, 1 + n % 3) for n, p in enumerate(page.products))
    pricing = await connector.price_cart(CartPricingRequest(lines, ("APPONLY5",)), APP)
    for line in pricing.lines:
        assert line.unit_price is not None
        assert line.discount.amount == cents(line.subtotal.amount * 5 / 100)
    assert pricing.discounts.amount == sum(line.discount.amount for line in pricing.lines)
    on_web = await connector.price_cart(CartPricingRequest(lines, ("APPONLY5",)), WEB)
    assert on_web.discounts.amount == 0
    assert on_web.codes[0].status is CodeStatus.NOT_APPLICABLE


async def test_codes_on_one_line_apply_one_after_the_other(connector: SampleConnector) -> None:
    spring = (await spring_skus(connector, 1))[0]
    request = CartPricingRequest((LineRequest(spring, 2),), ("APPONLY5", "SPRING10"))
    line = (await connector.price_cart(request, APP)).lines[0]
    after_spring = line.subtotal.amount - cents(line.subtotal.amount / 10)  # priority 20 first
    assert line.total.amount == after_spring - cents(after_spring * 5 / 100)


async def test_an_expired_code_applied_while_it_was_valid(
    connector: SampleConnector, clock: FakeClock
) -> None:
    connector.now = clock
    request = CartPricingRequest((LineRequest(SHEARS, 1),), ("WINTER2025",))
    clock.now = datetime(2025, 2, 1, tzinfo=UTC)
    before = await connector.price_cart(request, WEB)
    assert before.codes[0].status is CodeStatus.APPLIED
    assert before.discounts.amount == Decimal("5.00")  # 20 % of 24.99
    clock.now = datetime(2025, 3, 1, tzinfo=UTC)
    assert (await connector.price_cart(request, WEB)).codes[0].status is CodeStatus.EXPIRED


async def test_lapsed_and_unadvertised_codes_are_not_on_product_prices(
    connector: SampleConnector,
) -> None:
    page = await connector.search(ProductSearch(first=100), APP)
    prices = [p for p in await connector.prices([p.sku for p in page.products], APP) if p]
    codes = {promotion.code for price in prices for promotion in price.promotions}
    assert "SPRING10" in codes
    assert not codes & {"WINTER2025", "APPONLY5"}


async def test_skus_without_a_price_cost_nothing(connector: SampleConnector) -> None:
    request = CartPricingRequest((LineRequest("OC-999999", 2), LineRequest(SHEARS, 1)))
    pricing = await connector.price_cart(request, WEB)
    unknown = pricing.lines[0]
    assert unknown.unit_price is None
    assert unknown.subtotal.amount == unknown.discount.amount == unknown.total.amount == 0
    assert pricing.total.amount == Decimal("24.99")
    usd = await connector.price_cart(request, CommerceContext(country="US", currency="USD"))
    assert all(line.unit_price is None for line in usd.lines)
    assert (usd.total.amount, usd.total.currency) == (Decimal("0.00"), "USD")


async def test_pricing_a_cart_costs_three_statements_at_most(connector: SampleConnector) -> None:
    page = await connector.search(ProductSearch(first=200), WEB)
    lines = tuple(LineRequest(p.sku, 1) for p in page.products)
    before = connector.db.statements
    await connector.price_cart(CartPricingRequest(lines), WEB)
    assert connector.db.statements - before == 2
    await connector.price_cart(CartPricingRequest(lines, ("SPRING10", "APPONLY5")), WEB)
    assert connector.db.statements - before == 5
