"""Who may see what: a customer's carts, orders and reservations are theirs alone; to
anyone else they do not exist (null, with no hint that the id is real)."""

from __future__ import annotations

from connectors import models
from schema.context import Info
from schema.payloads import Refused


async def visible_cart(info: Info, cart_id: str) -> models.Cart | None:
    """An anonymous cart is reachable by its (unguessable) id; a customer's only by them."""
    c = info.context
    cart = await c.loaders.cart_by_id.load(c.commerce, cart_id)
    if cart is None or (cart.customer_id and cart.customer_id != c.commerce.customer_id):
        return None
    return cart


async def visible_order(info: Info, order_id: str) -> models.Order | None:
    c = info.context
    customer_id = c.commerce.customer_id
    if customer_id is None:
        return None
    order = await c.loaders.order_by_id.load(c.commerce, order_id)
    return order if order and order.customer_id == customer_id else None


async def visible_reservation(info: Info, reservation_id: str) -> models.Reservation | None:
    c = info.context
    customer_id = c.commerce.customer_id
    if customer_id is None:
        return None
    found = await c.loaders.reservation_by_id.load(c.commerce, reservation_id)
    return found if found and found.customer_id == customer_id else None


async def check_customer_exists(info: Info, customer_id: str, field: list[str] | None) -> None:
    """A token is signed by us, but its customer may since have been deleted or merged in
    the back office: such a token signs nobody in (INVALID_TOKEN), and no write carries
    an id the orders system would refuse."""
    c = info.context
    if await c.loaders.customer_by_id.load(c.commerce, customer_id) is None:
        raise Refused("INVALID_TOKEN", "the customer of this access token no longer exists", field)
