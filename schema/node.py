"""Global ID resolution for `node`, `nodes` and the `id:` arguments of root fields: one
loader per type, so `nodes` batches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from schema.catalog.types import Category, Product, ProductVariant
from schema.common import Node
from schema.content.types import Page
from schema.context import Info
from schema.ids import from_global_id
from schema.inventory.types import Store
from schema.loaders import Loaders
from schema.orders.access import visible_cart, visible_order, visible_reservation
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order, PickupReservation

Resolve = Callable[[Info, str], Awaitable[Node | None]]

# Types read by key from one loader and wrapped as they are: (loader, GraphQL type).
_BY_KEY: dict[str, tuple[Callable[[Loaders], Any], Callable[[Any], Node]]] = {
    "Product": (lambda loaders: loaders.product_by_id, Product.of),
    "Category": (lambda loaders: loaders.category_by_id, Category.of),
    "Store": (lambda loaders: loaders.store_by_id, Store.of),
    # A page's global ID carries its handle: CMSs address pages by handle.
    "Page": (lambda loaders: loaders.page_by_handle, Page.of),
}


async def _by_key(info: Info, type_name: str, key: str) -> Node | None:
    loader, wrap = _BY_KEY[type_name]
    c = info.context
    model = await loader(c.loaders).load(c.commerce, key)
    return None if model is None else wrap(model)


async def _variant(info: Info, sku: str) -> Node | None:
    c = info.context
    product = await c.loaders.product_by_sku.load(c.commerce, sku)
    variant = next((v for v in product.variants if v.sku == sku), None) if product else None
    return None if variant is None else ProductVariant.of(variant)


async def _cart(info: Info, key: str) -> Node | None:
    model = await visible_cart(info, key)
    return None if model is None else Cart.of(model)


async def _order(info: Info, key: str) -> Node | None:
    model = await visible_order(info, key)
    return None if model is None else Order.of(model)


async def _reservation(info: Info, key: str) -> Node | None:
    model = await visible_reservation(info, key)
    return None if model is None else PickupReservation.of(model)


async def _customer(info: Info, key: str) -> Node | None:
    c = info.context
    if c.commerce.customer_id != key:
        return None  # only oneself
    model = await c.loaders.customer_by_id.load(c.commerce, key)
    return None if model is None else Customer.of(model)


_SPECIAL: dict[str, Resolve] = {
    "ProductVariant": _variant,
    "Cart": _cart,
    "Order": _order,
    "PickupReservation": _reservation,
    "Customer": _customer,
}


async def resolve_typed(info: Info, global_id: str, type_name: str) -> Node | None:
    """The object behind `global_id` if it is one of `type_name`, else None."""
    decoded = from_global_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    return await resolve_node(info, global_id)


async def resolve_node(info: Info, global_id: str) -> Node | None:
    decoded = from_global_id(global_id)
    if decoded is None:
        return None
    type_name, key = decoded
    if type_name in _BY_KEY:
        return await _by_key(info, type_name, key)
    resolve = _SPECIAL.get(type_name)
    return None if resolve is None else await resolve(info, key)
