"""The Mutation root: thin resolvers over the domain modules. An expected refusal
(`Refused`) or a capability the back end lacks (`NotSupported`) becomes the payload's
userErrors; anything else is a coded GraphQL error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry

from connectors.unconfigured import NotConfigured
from schema.common import UserError
from schema.context import Info
from schema.errors import NotSupported
from schema.inventory.holds import pickup_reservation_cancel, pickup_reserve
from schema.inventory.pickup import CartLineInput
from schema.orders import cart_mutations as carts
from schema.orders.cart_offers import cart_loyalty_reward_apply, cart_promotion_codes_update
from schema.orders.checkout import checkout_complete
from schema.orders.sign_in import customer_access_token_create
from schema.payloads import (
    CartLineUpdateInput,
    CartPayload,
    CheckoutCompletePayload,
    CustomerAccessTokenCreatePayload,
    MoneyInput,
    PickupReservePayload,
    Refused,
)

P = TypeVar(
    "P",
    CartPayload,
    CheckoutCompletePayload,
    CustomerAccessTokenCreatePayload,
    PickupReservePayload,
)


async def _answer(payload_type: Callable[..., P], work: Awaitable[P]) -> P:
    try:
        return await work
    except Refused as refused:
        return payload_type(user_errors=refused.errors)
    except NotSupported as lacking:  # a capability the configured back end lacks
        error = UserError(code=lacking.code, field=None, message=lacking.message)
        return payload_type(user_errors=[error])
    except NotConfigured as missing:  # a domain the configuration leaves out
        error = UserError(code=missing.code, field=None, message=missing.public_message)
        return payload_type(user_errors=[error])


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def customer_access_token_create(
        self, info: Info, email: str, password: str
    ) -> CustomerAccessTokenCreatePayload:
        work = customer_access_token_create(info, email, password)
        return await _answer(CustomerAccessTokenCreatePayload, work)

    @strawberry.mutation
    async def cart_create(
        self,
        info: Info,
        lines: list[CartLineInput] | None = None,
        buyer_access_token: str | None = None,
    ) -> CartPayload:
        return await _answer(CartPayload, carts.cart_create(info, lines, buyer_access_token))

    @strawberry.mutation
    async def cart_lines_add(
        self, info: Info, cart_id: strawberry.ID, lines: list[CartLineInput]
    ) -> CartPayload:
        return await _answer(CartPayload, carts.cart_lines_add(info, cart_id, lines))

    @strawberry.mutation
    async def cart_lines_update(
        self, info: Info, cart_id: strawberry.ID, lines: list[CartLineUpdateInput]
    ) -> CartPayload:
        return await _answer(CartPayload, carts.cart_lines_update(info, cart_id, lines))

    @strawberry.mutation
    async def cart_lines_remove(
        self, info: Info, cart_id: strawberry.ID, line_ids: list[strawberry.ID]
    ) -> CartPayload:
        return await _answer(CartPayload, carts.cart_lines_remove(info, cart_id, line_ids))

    @strawberry.mutation
    async def cart_promotion_codes_update(
        self, info: Info, cart_id: strawberry.ID, codes: list[str]
    ) -> CartPayload:
        return await _answer(CartPayload, cart_promotion_codes_update(info, cart_id, codes))

    @strawberry.mutation
    async def cart_loyalty_reward_apply(
        self, info: Info, cart_id: strawberry.ID, reward_id: strawberry.ID
    ) -> CartPayload:
        return await _answer(CartPayload, cart_loyalty_reward_apply(info, cart_id, reward_id))

    @strawberry.mutation
    async def cart_pickup_store_set(
        self, info: Info, cart_id: strawberry.ID, store_id: strawberry.ID | None = None
    ) -> CartPayload:
        return await _answer(CartPayload, carts.cart_pickup_store_set(info, cart_id, store_id))

    @strawberry.mutation
    async def checkout_complete(
        self,
        info: Info,
        cart_id: strawberry.ID,
        idempotency_key: str,
        expected_total: Annotated[
            MoneyInput | None,
            strawberry.argument(
                description="The total the customer was shown; another total refuses with"
                " PRICE_CHANGED and takes nothing."
            ),
        ] = None,
    ) -> CheckoutCompletePayload:
        work = checkout_complete(info, cart_id, idempotency_key, expected_total)
        return await _answer(CheckoutCompletePayload, work)

    @strawberry.mutation(
        description="Hold stock in a store for a customer, for a limited time (click and collect)."
    )
    async def pickup_reserve(
        self,
        info: Info,
        store_id: strawberry.ID,
        lines: list[CartLineInput],
        idempotency_key: str,
        expires_in_minutes: int | None = 120,
    ) -> PickupReservePayload:
        work = pickup_reserve(info, store_id, lines, expires_in_minutes, idempotency_key)
        return await _answer(PickupReservePayload, work)

    @strawberry.mutation
    async def pickup_reservation_cancel(
        self, info: Info, id: strawberry.ID
    ) -> PickupReservePayload:
        return await _answer(PickupReservePayload, pickup_reservation_cancel(info, id))
