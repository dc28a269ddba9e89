"""Orders placed by checkout: created from the cart, once per idempotency key.

The order number is derived from the key (`order_number_prefix` and 20 hex digits of its
SHA-256), and commercetools keeps order numbers unique: looking the number up tells
whether the key was already used, and a second creation racing the first is refused with
DuplicateField, after which the first one's order is returned. Before the order is created
the cart is made to cost what the checkout priced (each line's unit price and total, in
the `ExternalTotal` price mode: see `order_prices`) and the points it earns are written on
it (custom field), in one update, and commercetools copies both onto the order. A cart
that then costs anything else (its lines changed, a discount commercetools adds on top)
raises PriceChanged and nothing is ordered; an order read back at another total is
cancelled and raises the same. The cart's version guards every step, and a 409 starts
them again once from a fresh read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial
from typing import Any
from urllib.parse import quote

from connectors.commercetools import normalise
from connectors.commercetools.cart_actions import Plan
from connectors.commercetools.carts import ATTEMPTS, Carts
from connectors.commercetools.errors import error_codes
from connectors.commercetools.order_prices import check_recorded, price_actions
from connectors.commercetools.orders import CARTS, ORDERS
from connectors.commercetools.query import field_in
from connectors.context import CommerceContext
from connectors.errors import (
    CartNotFound,
    PriceChanged,
    UpstreamBadResponse,
    UpstreamUnavailable,
)
from connectors.keyed import in_key_order
from connectors.models import Order, OrderRequest

ORDER_NUMBER_IN = field_in("orderNumber")
Raw = dict[str, Any]


def order_number(prefix: str, idempotency_key: str) -> str:
    return prefix + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20].upper()


class Checkout(Carts):
    async def orders_by_idempotency_key(
        self, keys: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Order | None]:
        numbers = [order_number(self.settings.order_number_prefix, key) for key in keys]
        found = await self._orders(ORDER_NUMBER_IN, numbers, ctx)
        return in_key_order(numbers, found, lambda o: (o.number,))

    async def place_order(self, request: OrderRequest, ctx: CommerceContext) -> Order:
        """The order, its cart consumed; the same key returns the same order. Raises
        CartNotFound when the cart is unknown or was ordered under another key, and
        PriceChanged when commercetools would record another total than the request's."""
        number = order_number(self.settings.order_number_prefix, request.idempotency_key)
        for _ in range(ATTEMPTS):
            done = (await self.orders_by_idempotency_key([request.idempotency_key], ctx))[0]
            if done is not None:
                return done
            try:
                cart = await self._open_cart(request.cart_id)
            except CartNotFound:
                return await self._placed(number, request, ctx)
            recorded = await self._prepare(cart, request)
            if recorded is None:
                continue  # the cart changed under us: read it again
            self._normalised(partial(check_recorded, recorded, request))
            draft = {
                "cart": {"typeId": "cart", "id": request.cart_id},
                "version": recorded["version"],
                "orderNumber": number,
                # A paid-later order is confirmed at once (omnicanal's CONFIRMED).
                "orderState": "Confirmed",
            }
            response = await self.client.post(ORDERS, draft)
            if response.status == 409:
                continue
            if response.status >= 400:
                return await self._refused(response.status, response.body, number, request, ctx)
            return await self._checked(await self._confirmed(response.body), request, ctx)
        raise UpstreamUnavailable(self.name, f"cart {request.cart_id} kept changing (409 twice)")

    async def _confirmed(self, order: Raw) -> Raw:
        """The order in state Confirmed. commercetools takes `orderState` from the draft;
        where a server ignores it (the mock does), the state is changed right after."""
        if order.get("orderState") != "Open":
            return order
        path = f"{ORDERS}/{quote(str(order['id']), safe='')}"
        action = {"action": "changeOrderState", "orderState": "Confirmed"}
        response = await self.client.post(path, {"version": order["version"], "actions": [action]})
        if response.status >= 400:
            # The order exists either way; it is reported as the upstream has it.
            return order
        confirmed: Raw = response.body
        return confirmed

    async def _checked(self, raw: Raw, request: OrderRequest, ctx: CommerceContext) -> Order:
        """The order, if it costs what the checkout priced; else it is cancelled (nothing
        is charged for it) and PriceChanged raised."""
        try:
            self._normalised(lambda: check_recorded(raw, request))
        except PriceChanged:
            await self._cancel(raw)
            raise
        return self._order(raw, ctx)

    async def _cancel(self, order: Raw) -> None:
        path = f"{ORDERS}/{quote(str(order['id']), safe='')}"
        action = {"action": "changeOrderState", "orderState": "Cancelled"}
        response = await self.client.post(path, {"version": order["version"], "actions": [action]})
        if response.status >= 400:
            codes = ",".join(error_codes(response.body)) or str(response.status)
            raise UpstreamBadResponse(self.name, f"order {order['id']} not cancelled ({codes})")

    async def _prepare(self, cart: Raw, request: OrderRequest) -> Raw | None:
        """The cart at the checkout's prices, with the points earned written on it; None
        after a version conflict."""
        updates = self._normalised(lambda: price_actions(cart, request))
        points = request.loyalty_points_earned
        fields = self._normalised(lambda: normalise.custom_fields(cart))
        if points is not None and fields.get(normalise.POINTS_FIELD) != points:
            key = self.settings.cart_type_key
            updates += self._normalised(
                lambda: Plan(cart, key, None).set_field(normalise.POINTS_FIELD, points)
            )
        if not updates:
            return cart
        path = f"{CARTS}/{quote(str(cart['id']), safe='')}"
        response = await self.client.post(path, {"version": cart["version"], "actions": updates})
        if response.status == 409:
            return None
        if response.status == 404:
            raise CartNotFound(request.cart_id)
        if response.status >= 400:
            codes = ",".join(error_codes(response.body)) or str(response.status)
            raise UpstreamBadResponse(self.name, f"cart update refused ({codes})")
        updated: Raw = response.body
        return updated

    async def _refused(
        self, status: int, body: Any, number: str, request: OrderRequest, ctx: CommerceContext
    ) -> Order:
        """A refused order draft: the same number taken (a concurrent checkout with this
        key won: its order), the cart gone (CartNotFound), or a draft refused (a bug)."""
        if status == 400 and "DuplicateField" in error_codes(body):
            return await self._placed(number, request, ctx)
        if status == 404:
            raise CartNotFound(request.cart_id)
        codes = ",".join(error_codes(body)) or str(status)
        raise UpstreamBadResponse(self.name, f"order draft refused ({codes})")

    async def _placed(self, number: str, request: OrderRequest, ctx: CommerceContext) -> Order:
        done = (await self.orders_by_idempotency_key([request.idempotency_key], ctx))[0]
        if done is None or done.number != number:
            raise CartNotFound(request.cart_id)
        return done

    def _order(self, raw: Raw, ctx: CommerceContext) -> Order:
        locales = (self.settings.locale(ctx.language), self.settings.fallback_locale)
        return self._normalised(lambda: normalise.order(raw, locales))
