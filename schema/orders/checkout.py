"""checkoutComplete: a saga over three systems, safe to repeat.

Stock is taken first (all lines or none), then the order is recorded, then loyalty points
are posted. If the order cannot be recorded the stock is put back. Every step is idempotent
by the same key, so repeating the call with the same idempotencyKey finishes a checkout
that was interrupted and otherwise returns the same order, changing nothing.

The order records the cart as checkout prices it, afresh, in the cart's channel and
currency. If that total is not the `expectedTotal` the customer was shown, or the orders
system would record another (see `price_check`), checkout refuses with PRICE_CHANGED and
the new cost, before anything is taken (or after putting the stock back)."""

from __future__ import annotations

import logging

from connectors import models
from connectors.errors import CartNotFound, InsufficientPoints, PriceChanged
from connectors.protocols import LoyaltyTransactions
from schema.common import UserError
from schema.context import Info
from schema.ids import to_global_id
from schema.inventory.holds import check_idempotency_key
from schema.orders.access import visible_cart
from schema.orders.cart import CartCost
from schema.orders.cart_cost import CartTotals, applied_rewards, cart_context, cart_totals
from schema.orders.cart_mutations import local_key, order_writer
from schema.orders.checkout_guard import claimed
from schema.orders.checkout_lines import earned_points, order_lines
from schema.orders.price_check import check_expected, price_changed
from schema.orders.types import Order
from schema.payloads import CheckoutCompletePayload, MoneyInput, Refused

log = logging.getLogger("omnicanal.checkout")


async def checkout_complete(
    info: Info, cart_id: str, idempotency_key: str, expected: MoneyInput | None = None
) -> CheckoutCompletePayload:
    check_idempotency_key(idempotency_key)
    key = local_key(cart_id, "Cart")
    cart = await visible_cart(info, key) if key else None
    if cart is None:
        raise Refused("CART_NOT_FOUND", "no such cart", ["cartId"])
    with claimed(cart.id):
        return await _check_out(info, cart, idempotency_key, expected)


async def _check_out(
    info: Info, cart: models.Cart, idempotency_key: str, expected: MoneyInput | None
) -> CheckoutCompletePayload:
    scoped_key = f"{cart.id}:{idempotency_key}"
    c = info.context
    orders = order_writer(info)
    done = (await orders.orders_by_idempotency_key([scoped_key], c.commerce))[0]
    if done is not None:
        await _post_points(info, cart, done, spent=await _points_spent(info, cart))
        return CheckoutCompletePayload(order=Order.of(done))
    if cart.order_id is not None:
        raise _completed()
    if not cart.lines:
        raise Refused("EMPTY_CART", "the cart has no lines", ["cartId"])
    totals = await cart_totals(info, cart)
    _check_priced(totals)
    changed = check_expected(totals, expected)
    if changed is not None:
        return changed
    spent = await _check_rewards_affordable(info, cart, totals)
    try:
        order = await _take_stock_and_record(info, cart, totals, scoped_key)
    except PriceChanged as exc:
        log.warning("cart %s: the orders system prices it otherwise: %s", cart.id, exc)
        return price_changed(totals, exc.total)
    if order.total.rounded() != totals.total.rounded():
        # A connector that records what it is asked to cannot get here; one that prices
        # on its own should have refused (PriceChanged). The order stands: say so loudly.
        log.error("order %s recorded at %s, priced at %s", order.id, order.total, totals.total)
    await _post_points(info, cart, order, spent)
    return CheckoutCompletePayload(order=Order.of(order), cost=CartCost.of(totals))


def _check_priced(totals: CartTotals) -> None:
    unpriced = [line.sku for line in totals.pricing.lines if line.unit_price is None]
    if unpriced:
        raise Refused("PRICE_UNAVAILABLE", f"no price for {', '.join(unpriced)}", ["cartId"])


async def _points_spent(info: Info, cart: models.Cart) -> int:
    return sum(r.points_cost for r in await applied_rewards(info, cart))


async def _check_rewards_affordable(info: Info, cart: models.Cart, totals: CartTotals) -> int:
    spent = sum(r.points_cost for r in totals.rewards)
    if not spent or cart.customer_id is None:
        return 0
    c = info.context
    account = await c.loaders.loyalty_account_by_customer.load(c.commerce, cart.customer_id)
    if account is None or account.points_balance < spent:
        raise Refused(
            "REWARD_NOT_AFFORDABLE", "not enough points for the applied rewards", ["cartId"]
        )
    return spent


async def _take_stock_and_record(
    info: Info, cart: models.Cart, totals: CartTotals, key: str
) -> models.Order:
    c = info.context
    stock = c.loaders.stock_commits
    lines = tuple(models.LineRequest(line.sku, line.quantity) for line in cart.lines)
    commit = models.StockCommit(key, lines, cart.pickup_store_id, cart.customer_id)
    shortages = await stock.commit_stock(commit, c.commerce)
    if shortages:
        await _refuse_if_completed_meanwhile(info, cart)
        raise Refused.many([_shortage(s, cart) for s in shortages])
    try:
        request = models.OrderRequest(
            idempotency_key=key,
            cart_id=cart.id,
            channel=cart.channel,
            customer_id=cart.customer_id,
            lines=await order_lines(info, cart, totals),
            total=totals.total,
            discounts=totals.discounts,
            pickup_store_id=cart.pickup_store_id,
            loyalty_points_earned=await earned_points(info, cart, totals),
        )
        return await order_writer(info).place_order(request, cart_context(info, cart))
    except BaseException as exc:
        await stock.release_stock(key, c.commerce)
        if isinstance(exc, CartNotFound):  # another replica's checkout completed it first
            raise _completed() from exc
        raise


async def _refuse_if_completed_meanwhile(info: Info, cart: models.Cart) -> None:
    """Stock short because another replica's checkout of this very cart holds it: the
    cart is done, which is the answer (not OUT_OF_STOCK)."""
    c = info.context
    c.loaders.cart_by_id.clear(c.commerce, cart.id)
    now = await c.loaders.cart_by_id.load(c.commerce, cart.id)
    if now is None or now.order_id is not None:
        raise _completed()


def _completed() -> Refused:
    return Refused("CART_COMPLETED", "this cart has already been checked out", ["cartId"])


def _shortage(shortage: models.StockShortage, cart: models.Cart) -> UserError:
    line = next((line for line in cart.lines if line.sku == shortage.sku), None)
    where = "in the pickup store" if cart.pickup_store_id else "online"
    return UserError(
        code="OUT_OF_STOCK",
        field=["lines", to_global_id("CartLine", line.id)] if line else ["cartId"],
        message=f"{shortage.sku}: {shortage.wanted} wanted, {shortage.available} available {where}",
    )


async def _post_points(info: Info, cart: models.Cart, order: models.Order, spent: int) -> None:
    loyalty = info.context.backends.loyalty
    earned = order.loyalty_points_earned or 0
    if cart.customer_id is None or not isinstance(loyalty, LoyaltyTransactions):
        return
    if not earned and not spent:
        return
    c = info.context
    if await c.loaders.loyalty_account_by_customer.load(c.commerce, cart.customer_id) is None:
        return
    posting = models.LoyaltyPosting(
        f"order:{order.id}", cart.customer_id, earned, spent, order.id, cart.channel
    )
    try:
        await loyalty.post(posting, info.context.commerce)
    except InsufficientPoints:
        # The balance moved between the check and the posting (another channel spent the
        # points): the order stands, the reward is not paid for; the log says so.
        log.warning("order %s: rewards not covered, %s points not debited", order.id, spent)
    c.loaders.loyalty_account_by_customer.clear(c.commerce, cart.customer_id)
