"""The transaction contracts (CartPricer, OrderTransactions, StockCommits, StockHolds,
LoyaltyTransactions): each test asks for the capability fixtures it exercises
(connectors/testing/capabilities.py) and is skipped, saying what is lacking, for a
connector that does not implement them. What only a back end knows comes from the
provider: a live promotion code (`UnderTest.promotion_code`), a way to move a price
(`UnderTest.move_price`), a customer and their password."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from connectors import models
from connectors.context import Channel, CommerceContext
from connectors.errors import CartNotFound, InsufficientPoints
from connectors.protocols import PricingConnector
from connectors.testing.under_test import UnderTest


def _key() -> str:
    return uuid.uuid4().hex


def _live_code(provider: UnderTest) -> str:
    if provider.promotion_code is None:
        pytest.skip(f"{provider.name} names no live promotion code (UnderTest.promotion_code)")
    return provider.promotion_code


@contextlib.asynccontextmanager
async def _raised(provider: UnderTest, skus: Sequence[str], cents: int) -> AsyncIterator[str]:
    """A price moved in the back end for the time of the block, then put back."""
    if provider.move_price is None:
        pytest.skip(f"{provider.name} gives no way to move a price (UnderTest.move_price)")
    sku = await provider.move_price(skus, cents)
    try:
        yield sku
    finally:
        await provider.move_price([sku], -cents)


async def test_cart_pricing_follows_lines_and_reports_codes(
    cart_pricer: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    pricer = cart_pricer.connector
    lines = tuple(models.LineRequest(sku, n + 1) for n, sku in enumerate(some_skus[:3]))
    request = models.CartPricingRequest(lines, ("NO-SUCH-CODE",))
    pricing = await pricer.price_cart(request, ctx)
    assert [(line.sku, line.quantity) for line in pricing.lines] == [
        (r.sku, r.quantity) for r in lines
    ]
    for line in pricing.lines:
        assert line.unit_price is not None
        assert line.unit_price.currency == ctx.currency
        assert line.subtotal.amount == line.unit_price.amount * line.quantity
    assert pricing.subtotal.amount == sum(line.subtotal.amount for line in pricing.lines)
    assert pricing.total.amount == pricing.subtotal.amount - pricing.discounts.amount
    assert [(c.code, c.status) for c in pricing.codes] == [
        ("NO-SUCH-CODE", models.CodeStatus.UNKNOWN)
    ]


async def test_carts_apply_every_action_and_persist(
    order_transactions: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    orders = order_transactions.connector
    a, b = some_skus[:2]
    draft = models.CartDraft(ctx.channel, ctx.currency, None, (models.LineRequest(a, 1),))
    cart = await orders.create_cart(draft, ctx)
    cart = await orders.update_cart(
        cart.id, [models.AddLines((models.LineRequest(a, 2), models.LineRequest(b, 1)))], ctx
    )
    assert {line.sku: line.quantity for line in cart.lines} == {a: 3, b: 1}
    line_b = next(line for line in cart.lines if line.sku == b)
    cart = await orders.update_cart(cart.id, [models.SetLineQuantities(((line_b.id, 0),))], ctx)
    assert [(line.sku, line.quantity) for line in cart.lines] == [(a, 3)]
    (stored,) = await orders.carts([cart.id], ctx)
    assert stored == cart
    with pytest.raises(CartNotFound):
        await orders.update_cart("no-such-cart", [models.SetPromotionCodes(())], ctx)


async def test_orders_are_placed_once_per_key(
    order_transactions: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    orders = order_transactions.connector
    draft = models.CartDraft(
        ctx.channel, ctx.currency, None, (models.LineRequest(some_skus[0], 1),)
    )
    cart = await orders.create_cart(draft, ctx)
    total = models.Money(Decimal("10.00"), ctx.currency)
    key = _key()
    request = models.OrderRequest(
        key, cart.id, ctx.channel, None,
        (models.OrderLine(some_skus[0], "A product", 1, total),), total,
        models.Money(Decimal(0), ctx.currency), None, None,
    )  # fmt: skip
    first = await orders.place_order(request, ctx)
    again = await orders.place_order(request, ctx)
    assert again.id == first.id
    assert list(await orders.orders_by_idempotency_key([key, _key()], ctx)) == [first, None]
    (completed,) = await orders.carts([cart.id], ctx)
    assert completed is not None
    assert completed.order_id == first.id


async def test_sign_in_takes_the_right_password_only(
    order_transactions: UnderTest, ctx: CommerceContext
) -> None:
    orders = order_transactions.connector
    if order_transactions.credentials is None:
        pytest.skip(f"{order_transactions.name} has no known customer password (credentials)")
    email, password = order_transactions.credentials
    customer = await orders.authenticate(email, password, ctx)
    assert customer is not None
    assert customer.email.lower() == email.lower()
    assert await orders.authenticate(email, password + "x", ctx) is None
    assert await orders.authenticate("nobody@example.invalid", password, ctx) is None


async def test_stock_commits_are_all_or_nothing_and_release(
    stock_commits: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    stock = stock_commits.connector
    levels = await stock.stock(some_skus, ctx)
    sku, level = next(
        (s, lv) for s, lv in zip(some_skus, levels, strict=True) if lv and lv.online_quantity >= 2
    )
    other = next(s for s, lv in zip(some_skus, levels, strict=True) if lv and s != sku)
    too_many = models.LineRequest(other, 10_000)
    shortages = await stock.commit_stock(
        models.StockCommit(_key(), (models.LineRequest(sku, 1), too_many)), ctx
    )
    assert [s.sku for s in shortages] == [other]
    assert (await stock.stock([sku], ctx))[0].online_quantity == level.online_quantity, (
        "nothing moved"
    )
    key = _key()
    assert (
        await stock.commit_stock(models.StockCommit(key, (models.LineRequest(sku, 2),)), ctx) == ()
    )
    assert (
        await stock.commit_stock(models.StockCommit(key, (models.LineRequest(sku, 2),)), ctx) == ()
    )
    assert (await stock.stock([sku], ctx))[0].online_quantity == level.online_quantity - 2, (
        "once per key"
    )
    await stock.release_stock(key, ctx)
    assert (await stock.stock([sku], ctx))[0].online_quantity == level.online_quantity


async def test_holds_take_units_from_the_shelf_until_cancelled(
    stock_holds: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    stock = stock_holds.connector
    levels = await stock.stock(some_skus, ctx)
    sku, store_id, shelf = next(
        (lv.sku, s.location_id, s.quantity)
        for lv in levels
        if lv
        for s in lv.stores
        if s.quantity >= 2
    )
    customer = stock_holds.customer_id or None
    request = models.ReservationRequest(
        _key(),
        store_id,
        (models.LineRequest(sku, 2),),
        datetime.now(UTC) + timedelta(hours=1),
        customer,
    )
    outcome = await stock.reserve(request, ctx)
    assert outcome.reservation is not None
    assert outcome.reservation.status == models.ReservationStatus.HELD
    again = await stock.reserve(request, ctx)
    assert again.reservation == outcome.reservation, "the same key, the same reservation"
    assert list(await stock.reservations([outcome.reservation.id], ctx)) == [outcome.reservation]

    def on_shelf(level: models.StockLevel | None) -> int:
        assert level is not None
        return next(s.quantity for s in level.stores if s.location_id == store_id)

    assert on_shelf((await stock.stock([sku], ctx))[0]) == shelf - 2
    refused = await stock.reserve(
        replace(request, idempotency_key=_key(), lines=(models.LineRequest(sku, shelf),)), ctx
    )
    assert refused.reservation is None
    assert [(s.sku, s.available) for s in refused.shortages] == [(sku, shelf - 2)]
    cancelled = await stock.cancel_reservation(outcome.reservation.id, customer, ctx)
    assert cancelled is not None
    assert cancelled.status == models.ReservationStatus.CANCELLED
    assert on_shelf((await stock.stock([sku], ctx))[0]) == shelf


async def test_loyalty_postings_are_idempotent_and_never_overdraw(
    loyalty_transactions: UnderTest, ctx: CommerceContext
) -> None:
    loyalty = loyalty_transactions.connector
    member = loyalty_transactions.customer_id
    (account,) = await loyalty.accounts([member], ctx)
    assert account is not None
    posting = models.LoyaltyPosting(_key(), member, 40, 10, "order-x", ctx.channel)
    after = await loyalty.post(posting, ctx)
    assert after.points_balance == account.points_balance + 30
    again = await loyalty.post(posting, ctx)
    assert again.points_balance == after.points_balance
    overdraw = replace(posting, idempotency_key=_key(), earned=0, spent=after.points_balance + 1)
    with pytest.raises(InsufficientPoints):
        await loyalty.post(overdraw, ctx)
    (unchanged,) = await loyalty.accounts([member], ctx)
    assert unchanged is not None
    assert unchanged.points_balance == after.points_balance


# --- totals that agree -------------------------------------------------------------------


def _order_request(key: str, cart: models.Cart, pricing: models.CartPricing) -> models.OrderRequest:
    """What the gateway's checkout sends: the cart as priced, line by line."""
    lines = tuple(
        models.OrderLine(line.sku, line.sku, line.quantity, line.total, line.unit_price)
        for line in pricing.lines
    )
    return models.OrderRequest(
        key, cart.id, cart.channel, None, lines, pricing.total, pricing.discounts, None, None
    )


async def _two_line_app_cart(
    provider: UnderTest, skus: list[str], ctx: CommerceContext
) -> tuple[models.Cart, models.CartPricingRequest, CommerceContext]:
    """An APP cart with the live code, on a line the code discounts and on a line whose APP
    price is not the WEB one (when the provider has such a line among `skus`)."""
    pricer, orders, code = provider.connector, provider.connector, _live_code(provider)
    app = replace(ctx, channel=Channel.APP)
    probe = models.CartPricingRequest(tuple(models.LineRequest(s, 1) for s in skus), (code,))
    priced = await pricer.price_cart(probe, app)
    # The WEB prices, to find a line the APP channel prices otherwise (when it can tell).
    web = await pricer.prices(skus, ctx) if isinstance(pricer, PricingConnector) else []
    discounted = [line.sku for line in priced.lines if line.discount.amount > 0]
    assert discounted, f"{code} discounts none of {skus}"
    own_price = [
        line.sku
        for line, w in zip(priced.lines, web, strict=False)
        if line.unit_price and w and line.unit_price != w.amount and line.sku != discounted[0]
    ]
    second = (own_price or [s for s in skus if s != discounted[0]])[0]
    lines = (models.LineRequest(discounted[0], 2), models.LineRequest(second, 1))
    draft = models.CartDraft(Channel.APP, app.currency, None, lines)
    cart = await orders.create_cart(draft, app)
    cart = await orders.update_cart(cart.id, [models.SetPromotionCodes((code,))], app)
    return cart, models.CartPricingRequest(lines, cart.promotion_codes), app


async def test_an_order_records_the_cart_as_priced_in_its_channel_with_its_code(
    cart_pricer: UnderTest,
    order_transactions: UnderTest,
    some_skus: list[str],
    ctx: CommerceContext,
) -> None:
    """Order total == cart total, with a promotion code and on a non-WEB channel (APP)."""
    orders = order_transactions.connector
    cart, request, app = await _two_line_app_cart(order_transactions, some_skus, ctx)
    assert cart.promotion_codes == (order_transactions.promotion_code,)
    pricing = await orders.price_cart(request, app)
    assert pricing.discounts.amount > 0
    order = await orders.place_order(_order_request(_key(), cart, pricing), app)
    (stored,) = await orders.orders([order.id], app)
    for recorded in (order, stored):
        assert recorded is not None
        assert recorded.channel == Channel.APP
        assert recorded.total == pricing.total.rounded(), "the order costs what the cart did"
        assert [(line.sku, line.quantity, line.total) for line in recorded.lines] == [
            (line.sku, line.quantity, line.total) for line in pricing.lines
        ]
        for line, priced in zip(recorded.lines, pricing.lines, strict=True):
            # A back end that records unit prices records the cart's.
            assert line.unit_price in (None, priced.unit_price)


async def test_a_price_moved_in_the_back_end_is_what_the_next_pricing_sees(
    cart_pricer: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    """What PRICE_CHANGED stands on: between a shopper's view and checkout the merchant
    raises a price; pricing the cart again (as checkout does) sees it, nothing stale."""
    pricer = cart_pricer.connector
    app = replace(ctx, channel=Channel.APP)
    # With the live code where there is one: a discount must not hide the move.
    codes = (cart_pricer.promotion_code,) if cart_pricer.promotion_code else ()

    async def total(sku: str) -> models.CartPricing:
        request = models.CartPricingRequest((models.LineRequest(sku, 2),), codes)
        priced: models.CartPricing = await pricer.price_cart(request, app)
        return priced

    async with _raised(cart_pricer, some_skus, 100) as sku:
        moved = await total(sku)
    seen = await total(sku)  # as it was, the price put back
    assert moved.subtotal.amount - seen.subtotal.amount == Decimal("2.00")
    assert moved.total.amount > seen.total.amount, (moved.total, seen.total)
