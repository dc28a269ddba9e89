"""The Mutation root. Its types are the contract's; the transactions behind them (carts,
checkout, click and collect) arrive with the transactions work. Until then every mutation
answers a coded userError instead of pretending to succeed."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.common import UserError
from schema.inventory.pickup import CartLineInput
from schema.orders.cart import Cart
from schema.orders.types import Order, PickupReservation

NOT_AVAILABLE = UserError(
    code="NOT_AVAILABLE",
    field=None,
    message="This operation is not available on this gateway yet.",
)


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


def _cart_unavailable() -> CartPayload:
    return CartPayload(user_errors=[NOT_AVAILABLE])


@strawberry.type
class Mutation:
    @strawberry.mutation
    def customer_access_token_create(
        self, email: str, password: str
    ) -> CustomerAccessTokenCreatePayload:
        return CustomerAccessTokenCreatePayload(user_errors=[NOT_AVAILABLE])

    @strawberry.mutation
    def cart_create(
        self, lines: list[CartLineInput] | None = None, buyer_access_token: str | None = None
    ) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_lines_add(self, cart_id: strawberry.ID, lines: list[CartLineInput]) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_lines_update(
        self, cart_id: strawberry.ID, lines: list[CartLineUpdateInput]
    ) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_lines_remove(
        self, cart_id: strawberry.ID, line_ids: list[strawberry.ID]
    ) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_promotion_codes_update(self, cart_id: strawberry.ID, codes: list[str]) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_loyalty_reward_apply(
        self, cart_id: strawberry.ID, reward_id: strawberry.ID
    ) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def cart_pickup_store_set(
        self, cart_id: strawberry.ID, store_id: strawberry.ID | None = None
    ) -> CartPayload:
        return _cart_unavailable()

    @strawberry.mutation
    def checkout_complete(
        self, cart_id: strawberry.ID, idempotency_key: str
    ) -> CheckoutCompletePayload:
        return CheckoutCompletePayload(user_errors=[NOT_AVAILABLE])

    @strawberry.mutation(
        description="Hold stock in a store for a customer, for a limited time (click and collect)."
    )
    def pickup_reserve(
        self,
        store_id: strawberry.ID,
        lines: list[CartLineInput],
        idempotency_key: str,
        expires_in_minutes: int | None = 120,
    ) -> PickupReservePayload:
        return PickupReservePayload(user_errors=[NOT_AVAILABLE])

    @strawberry.mutation
    def pickup_reservation_cancel(self, id: strawberry.ID) -> PickupReservePayload:
        return PickupReservePayload(user_errors=[NOT_AVAILABLE])
