"""Mutation payloads and the refusal that becomes their `userErrors`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from schema.common import UserError
from schema.orders.cart import Cart, CartCost
from schema.orders.types import Order, PickupReservation
from schema.scalars import CurrencyCode


class Refused(Exception):
    """An expected refusal (bad input, not found, out of stock): the payload's userErrors."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = [UserError(code=code, field=field, message=message)]

    @classmethod
    def many(cls, errors: list[UserError]) -> Refused:
        refused = cls(errors[0].code, errors[0].message, errors[0].field)
        refused.errors = errors
        return refused


@strawberry.input
class CartLineUpdateInput:
    id: strawberry.ID
    quantity: int


@strawberry.type
class CustomerAccessTokenCreatePayload:
    access_token: str | None = None
    expires_at: datetime | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CartPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="An amount of money, as a client last showed it.")
class MoneyInput:
    amount: Decimal
    currency_code: CurrencyCode


@strawberry.type
class CheckoutCompletePayload:
    order: Order | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
    cost: CartCost | None = strawberry.field(
        default=None,
        description="What the cart costs as checkout priced it: the order's cost, or the"
        " new cost when checkout refused with PRICE_CHANGED (null when an earlier call"
        " with this key placed the order).",
    )


@strawberry.type
class PickupReservePayload:
    reservation: PickupReservation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
