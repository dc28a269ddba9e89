"""Cart mutations: validate against the catalogue, inventory, pricing and loyalty, then
ask the orders connector to apply the change, all of it or none."""

from __future__ import annotations

import strawberry

from connectors import models
from connectors.errors import CartNotFound
from connectors.protocols import OrderTransactions
from schema.commerce import store_key
from schema.context import Info
from schema.ids import from_global_id
from schema.inventory.pickup import CartLineInput
from schema.orders.access import check_customer_exists, visible_cart
from schema.orders.cart import Cart
from schema.orders.lines import MAX_LINES, check_quantity, check_skus_exist, merged_lines
from schema.payloads import CartLineUpdateInput, CartPayload, Refused


def order_writer(info: Info) -> OrderTransactions:
    orders = info.context.backends.orders
    if not isinstance(orders, OrderTransactions):
        raise Refused("NOT_SUPPORTED", "the orders back end configured here takes no carts")
    return orders


def local_key(global_id: str, type_name: str) -> str | None:
    decoded = from_global_id(global_id)
    return decoded[1] if decoded and decoded[0] == type_name else None


async def open_cart(info: Info, cart_id: str) -> models.Cart:
    key = local_key(cart_id, "Cart")
    cart = await visible_cart(info, key) if key else None
    if cart is None:
        raise Refused("CART_NOT_FOUND", "no such cart", ["cartId"])
    if cart.order_id is not None:
        raise Refused("CART_COMPLETED", "this cart has been checked out", ["cartId"])
    return cart


async def apply(info: Info, cart: models.Cart, *actions: models.CartAction) -> CartPayload:
    c = info.context
    try:
        updated = await order_writer(info).update_cart(cart.id, actions, c.commerce)
    except CartNotFound as exc:
        raise Refused("CART_NOT_FOUND", "no such cart", ["cartId"]) from exc
    c.loaders.cart_by_id.clear(c.commerce, cart.id)
    return CartPayload(cart=Cart.of(updated))


async def cart_create(
    info: Info, lines: list[CartLineInput] | None, buyer_access_token: str | None
) -> CartPayload:
    c = info.context
    buyer = c.commerce.customer_id
    field = None  # the Authorization header's token
    if buyer_access_token is not None:
        field = ["buyerAccessToken"]
        claims = c.tokens.verify(buyer_access_token)
        if claims is None:
            raise Refused("INVALID_TOKEN", "the buyer access token is not valid", field)
        buyer = claims.customer_id
    if buyer is not None:
        await check_customer_exists(info, buyer, field)
    requested = merged_lines(list(lines)) if lines else ()
    await check_skus_exist(info, requested)
    draft = models.CartDraft(c.commerce.channel, c.commerce.currency, buyer, requested)
    cart = await order_writer(info).create_cart(draft, c.commerce)
    return CartPayload(cart=Cart.of(cart))


async def cart_lines_add(info: Info, cart_id: str, lines: list[CartLineInput]) -> CartPayload:
    cart = await open_cart(info, cart_id)
    requested = merged_lines(list(lines))
    await check_skus_exist(info, requested)
    current = {line.sku: line.quantity for line in cart.lines}
    for line in requested:
        what = f"the total quantity of {line.sku}"
        check_quantity(current.get(line.sku, 0) + line.quantity, ["lines"], what=what)
    if len(set(current) | {line.sku for line in requested}) > MAX_LINES:
        raise Refused("TOO_MANY_LINES", f"a cart holds at most {MAX_LINES} lines", ["lines"])
    return await apply(info, cart, models.AddLines(requested))


async def cart_lines_update(
    info: Info, cart_id: str, updates: list[CartLineUpdateInput]
) -> CartPayload:
    cart = await open_cart(info, cart_id)
    line_ids = {line.id for line in cart.lines}
    quantities = []
    for index, update in enumerate(updates):
        key = local_key(update.id, "CartLine")
        if key is None or key not in line_ids:
            raise Refused(
                "LINE_NOT_FOUND", "no such line in this cart", ["lines", str(index), "id"]
            )
        check_quantity(update.quantity, ["lines", str(index), "quantity"], minimum=0)
        quantities.append((key, update.quantity))
    return await apply(info, cart, models.SetLineQuantities(tuple(quantities)))


async def cart_lines_remove(info: Info, cart_id: str, line_ids: list[strawberry.ID]) -> CartPayload:
    cart = await open_cart(info, cart_id)
    present = {line.id for line in cart.lines}
    keys = []
    for index, line_id in enumerate(line_ids):
        key = local_key(line_id, "CartLine")
        if key is None or key not in present:
            raise Refused("LINE_NOT_FOUND", "no such line in this cart", ["lineIds", str(index)])
        keys.append(key)
    return await apply(info, cart, models.RemoveLines(tuple(keys)))


async def cart_pickup_store_set(info: Info, cart_id: str, store_id: str | None) -> CartPayload:
    cart = await open_cart(info, cart_id)
    if store_id is None:
        return await apply(info, cart, models.SetPickupStore(None))
    c = info.context
    store = await c.loaders.store_by_id.load(c.commerce, store_key(store_id))
    if store is None:
        raise Refused("STORE_NOT_FOUND", "no such store", ["storeId"])
    return await apply(info, cart, models.SetPickupStore(store.id))
