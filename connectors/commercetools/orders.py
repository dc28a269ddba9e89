"""OrdersConnector reads: customers, carts and orders by id, a customer's orders.

Carts are read with their discount codes expanded (the codes, not only their ids), and
with the orders made from them, in a second request sent at the same time: commercetools
marks an ordered cart `Ordered` but does not say which order (and the mock does not even
mark it). A cart merged into another on sign-in reads as gone. Orders of a customer are
every page of `customerId in (...)`, newest first, whatever the channel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from connectors.commercetools import normalise
from connectors.commercetools.core import Core
from connectors.commercetools.query import ID_IN, KeyPredicate, field_in
from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import Cart, Customer, Order

CUSTOMERS = "/customers"
CARTS = "/carts"
ORDERS = "/orders"
CART_EXPAND = "discountCodes[*].discountCode"
CUSTOMER_ID_IN = field_in("customerId")
ORDER_OF_CART = KeyPredicate(lambda keys: f"cart(id in {keys})")
Raw = dict[str, Any]


class OrderReads(Core):
    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        ref = await self.reference.get()
        raw = await self._batch(CUSTOMERS, ID_IN, ids)
        groups = {key: group for group, key in self.settings.customer_groups.items()}
        card = self.settings.loyalty_card_field
        found = self._normalised(lambda: [normalise.customer(r, ref, groups, card) for r in raw])
        return in_key_order(ids, found, lambda c: (c.id,))

    async def carts(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Cart | None]:
        raw, orders = await asyncio.gather(
            self._batch(CARTS, ID_IN, ids, {"expand": CART_EXPAND}),
            self._batch(ORDERS, ORDER_OF_CART, ids),
        )
        live = [r for r in raw if r.get("cartState") != "Merged"]
        order_of = {str((o.get("cart") or {}).get("id")): str(o["id"]) for o in orders}
        found = self._normalised(
            lambda: [normalise.cart(r, {}, order_of.get(str(r["id"]))) for r in live]
        )
        return in_key_order(ids, found, lambda c: (c.id,))

    async def orders(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Order | None]:
        found = await self._orders(ID_IN, ids, ctx)
        return in_key_order(ids, found, lambda o: (o.id,))

    async def orders_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Order, ...]]:
        found = await self._orders(CUSTOMER_ID_IN, customer_ids, ctx, paged=True)
        by_customer: dict[str, list[Order]] = {}
        for order in sorted(found, key=lambda o: (o.created_at, o.id), reverse=True):
            by_customer.setdefault(order.customer_id or "", []).append(order)
        return [tuple(by_customer.get(cid, ())) for cid in customer_ids]

    async def _orders(
        self,
        predicate: KeyPredicate,
        keys: Sequence[str],
        ctx: CommerceContext,
        *,
        paged: bool = False,
    ) -> list[Order]:
        locales = (self.settings.locale(ctx.language), self.settings.fallback_locale)
        raw = await self._batch(ORDERS, predicate, keys, paged=paged)
        return self._normalised(lambda: [normalise.order(r, locales) for r in raw])
