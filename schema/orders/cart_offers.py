"""Promotion codes and loyalty rewards on a cart: checked with the systems that own them
(pricing for codes, loyalty for rewards) before the cart records them."""

from __future__ import annotations

from dataclasses import replace

from connectors import models
from schema.common import UserError
from schema.context import Info
from schema.orders.cart_cost import applied_rewards, cart_context, pricing_request
from schema.orders.cart_mutations import apply, local_key, open_cart
from schema.payloads import CartPayload, Refused

MAX_CODES = 10
_REFUSED_CODES = {
    models.CodeStatus.UNKNOWN: ("PROMOTION_CODE_UNKNOWN", "is not a promotion code"),
    models.CodeStatus.EXPIRED: ("PROMOTION_CODE_EXPIRED", "has expired"),
}


async def cart_promotion_codes_update(info: Info, cart_id: str, codes: list[str]) -> CartPayload:
    """Replaces the cart's codes. Unknown or expired codes refuse the whole update; a valid
    code that nothing in the cart qualifies for is kept (it may apply later)."""
    cart = await open_cart(info, cart_id)
    wanted = tuple(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    if len(wanted) > MAX_CODES:
        raise Refused("TOO_MANY_CODES", f"at most {MAX_CODES} codes", ["codes"])
    if wanted:
        request = replace(pricing_request(cart), codes=wanted)
        c = info.context
        pricing = await c.loaders.cart_pricing.load(cart_context(info, cart), request)
        problems = [
            _code_error(r, i) for i, r in enumerate(pricing.codes) if r.status in _REFUSED_CODES
        ]
        if problems:
            raise Refused.many(problems)
    return await apply(info, cart, models.SetPromotionCodes(wanted))


def _code_error(result: models.CodeResult, index: int) -> UserError:
    code, text = _REFUSED_CODES[result.status]
    return UserError(code=code, field=["codes", str(index)], message=f"{result.code!r} {text}")


async def cart_loyalty_reward_apply(info: Info, cart_id: str, reward_id: str) -> CartPayload:
    """Points are checked now and spent at checkout, not before."""
    cart = await open_cart(info, cart_id)
    if cart.customer_id is None:
        raise Refused("CUSTOMER_REQUIRED", "sign in to use loyalty rewards", ["cartId"])
    c = info.context
    account = await c.loaders.loyalty_account_by_customer.load(c.commerce, cart.customer_id)
    key = local_key(reward_id, "LoyaltyReward")
    reward = next((r for r in account.rewards if r.id == key), None) if account else None
    if account is None or reward is None:
        raise Refused("REWARD_NOT_FOUND", "no such reward for this account", ["rewardId"])
    if reward.id in cart.reward_ids:
        return await apply(info, cart)
    committed = sum(r.points_cost for r in await applied_rewards(info, cart))
    if committed + reward.points_cost > account.points_balance:
        message = f"{reward.points_cost} points needed, {account.points_balance - committed} left"
        raise Refused("REWARD_NOT_AFFORDABLE", message, ["rewardId"])
    return await apply(info, cart, models.SetRewards((*cart.reward_ids, reward.id)))
