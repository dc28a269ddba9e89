"""Mutation payloads and the refusal that becomes their `userErrors`."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.common import UserError
from schema.orders.cart import Cart
from schema.orders.types import Order, PickupReservation


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


@strawberry.type
class CheckoutCompletePayload:
    order: Order | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PickupReservePayload:
    reservation: PickupReservation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
