"""Cart writes: create, and update with every action in one versioned request.

commercetools applies an update request's actions all together or not at all, and only if
its `version` is the cart's current one; otherwise it answers 409 ConcurrentModification.
Then the cart is read again, the actions planned again against what it now holds, and sent
once more; a second conflict gives up with UPSTREAM_UNAVAILABLE (try again later). A cart
commercetools does not have, or no longer takes (ordered, merged), raises CartNotFound.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import quote

from connectors.commercetools import normalise
from connectors.commercetools.cart_actions import Plan, line_draft
from connectors.commercetools.errors import error_codes
from connectors.commercetools.orders import CART_EXPAND, CARTS, OrderReads
from connectors.context import Channel, CommerceContext
from connectors.errors import CartNotFound, UpstreamBadResponse, UpstreamUnavailable
from connectors.models import Cart, CartAction, CartDraft

Raw = dict[str, Any]
ATTEMPTS = 2  # the first try, and one more after a version conflict


class Carts(OrderReads):
    async def create_cart(self, draft: CartDraft, ctx: CommerceContext) -> Cart:
        sel, _ = await self._context(ctx)
        channel = await self._distribution_channel(draft.channel)
        body: Raw = {
            "currency": draft.currency,
            "country": ctx.country,
            "locale": sel.locale,
            "lineItems": [line_draft(line, channel) for line in draft.lines],
            "custom": {
                "type": {"typeId": "type", "key": self.settings.cart_type_key},
                "fields": {normalise.CHANNEL_FIELD: draft.channel.value},
            },
        }
        if draft.customer_id:
            body["customerId"] = draft.customer_id
        response = await self.client.post(CARTS, body, {"expand": CART_EXPAND})
        if response.status >= 400:
            codes = ",".join(error_codes(response.body)) or str(response.status)
            raise UpstreamBadResponse(self.name, f"cart draft refused ({codes})")
        return self._normalised(lambda: normalise.cart(response.body, {}))

    async def update_cart(
        self, cart_id: str, actions: Sequence[CartAction], ctx: CommerceContext
    ) -> Cart:
        async def plan(raw: Raw) -> list[Raw]:
            cart = self._normalised(lambda: normalise.cart(raw, {}))
            channel = await self._distribution_channel(cart.channel)
            key = self.settings.cart_type_key
            return self._normalised(lambda: Plan(raw, key, channel).add(actions))

        updated = await self._update(cart_id, plan)
        return self._normalised(lambda: normalise.cart(updated, {}))

    async def _update(self, cart_id: str, plan: Callable[[Raw], Awaitable[list[Raw]]]) -> Raw:
        """Read the open cart, plan updates against it, send them with its version; once
        more after a 409. Returns the cart as it stands after the update."""
        for _ in range(ATTEMPTS):
            raw = await self._open_cart(cart_id)
            updates = await plan(raw)
            if not updates:
                return raw
            body = {"version": raw["version"], "actions": updates}
            path = f"{CARTS}/{quote(cart_id, safe='')}"
            response = await self.client.post(path, body, {"expand": CART_EXPAND})
            if response.status == 409:
                continue  # changed since we read it: read it again
            if response.status == 404:
                raise CartNotFound(cart_id)
            if response.status >= 400:
                codes = ",".join(error_codes(response.body)) or str(response.status)
                raise UpstreamBadResponse(self.name, f"cart update refused ({codes})")
            answer: Raw = response.body
            return answer
        raise UpstreamUnavailable(self.name, f"cart {cart_id} kept changing (409 twice)")

    async def _open_cart(self, cart_id: str) -> Raw:
        raw = await self.client.get(f"{CARTS}/{quote(cart_id, safe='')}", {"expand": CART_EXPAND})
        if not isinstance(raw, dict) or raw.get("cartState", "Active") != "Active":
            raise CartNotFound(cart_id)
        if not isinstance(raw.get("version"), int):
            raise UpstreamBadResponse(self.name, f"cart {cart_id} without a version")
        return raw

    async def _distribution_channel(self, channel: Channel) -> str | None:
        key = self.settings.distribution_channels.get(channel.value)
        return (await self.reference.get()).channel_ids.get(key) if key else None
