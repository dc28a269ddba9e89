"""What a cart costs: the pricing system's lines and codes, then loyalty rewards on top.
Priced in the cart's own context (channel, currency) whoever reads it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from connectors import models
from connectors.context import CommerceContext
from schema.context import Info


@dataclass(frozen=True, slots=True)
class CartTotals:
    pricing: models.CartPricing
    reward_discount: models.Money
    discounts: models.Money
    total: models.Money
    rewards: tuple[models.LoyaltyReward, ...]

    def line(self, sku: str) -> models.LinePricing | None:
        return next((line for line in self.pricing.lines if line.sku == sku), None)


def cart_context(info: Info, cart: models.Cart) -> CommerceContext:
    return replace(info.context.commerce, channel=cart.channel, currency=cart.currency)


def pricing_request(cart: models.Cart) -> models.CartPricingRequest:
    lines = tuple(models.LineRequest(line.sku, line.quantity) for line in cart.lines)
    return models.CartPricingRequest(lines=lines, codes=cart.promotion_codes)


async def cart_totals(info: Info, cart: models.Cart) -> CartTotals:
    c = info.context
    pricing = await c.loaders.cart_pricing.load(cart_context(info, cart), pricing_request(cart))
    rewards = await applied_rewards(info, cart)
    wanted = sum((r.discount or Decimal(0) for r in rewards), Decimal(0))
    # A reward never takes the total below zero.
    reward = min(wanted, pricing.total.amount)
    currency = cart.currency
    return CartTotals(
        pricing=pricing,
        reward_discount=models.Money(reward, currency),
        discounts=models.Money(pricing.discounts.amount + reward, currency),
        total=models.Money(pricing.total.amount - reward, currency),
        rewards=rewards,
    )


async def applied_rewards(info: Info, cart: models.Cart) -> tuple[models.LoyaltyReward, ...]:
    if not cart.reward_ids or cart.customer_id is None:
        return ()
    c = info.context
    account = await c.loaders.loyalty_account_by_customer.load(c.commerce, cart.customer_id)
    if account is None:
        return ()
    by_id = {r.id: r for r in account.rewards}
    return tuple(by_id[r] for r in cart.reward_ids if r in by_id)
