"""Global ID resolution for `node` and `nodes`: one loader per type, so `nodes` batches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from schema.catalog.types import Category, Product, ProductVariant
from schema.common import Node
from schema.content.types import Page
from schema.context import Info
from schema.ids import from_global_id
from schema.inventory.types import Store
from schema.orders.access import visible_cart, visible_order, visible_reservation
from schema.orders.cart import Cart
from schema.orders.types import Customer, Order, PickupReservation

Resolve = Callable[[Info, str], Awaitable[Node | None]]


async def _product(info: Info, key: str) -> Node | None:
    c = info.context
    model = await c.loaders.product_by_id.load(c.commerce, key)
    return None if model is None else Product.of(model)


async def _variant(info: Info, sku: str) -> Node | None:
    c = info.context
    product = await c.loaders.product_by_sku.load(c.commerce, sku)
    variant = next((v for v in product.variants if v.sku == sku), None) if product else None
    return None if variant is None else ProductVariant.of(variant)


async def _category(info: Info, key: str) -> Node | None:
    c = info.context
    model = await c.loaders.category_by_id.load(c.commerce, key)
    return None if model is None else Category.of(model)


async def _store(info: Info, key: str) -> Node | None:
    c = info.context
    model = await c.loaders.store_by_id.load(c.commerce, key)
    return None if model is None else Store.of(model)


async def _page(info: Info, handle: str) -> Node | None:
    c = info.context
    model = await c.loaders.page_by_handle.load(c.commerce, handle)
    return None if model is None else Page.of(model)


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
        return None
    model = await c.loaders.customer_by_id.load(c.commerce, key)
    return None if model is None else Customer.of(model)


RESOLVERS: dict[str, Resolve] = {
    "Product": _product,
    "ProductVariant": _variant,
    "Category": _category,
    "Store": _store,
    "Page": _page,
    "Cart": _cart,
    "Order": _order,
    "PickupReservation": _reservation,
    "Customer": _customer,
}


async def resolve_node(info: Info, global_id: str) -> Node | None:
    decoded = from_global_id(global_id)
    if decoded is None:
        return None
    resolve = RESOLVERS.get(decoded[0])
    return None if resolve is None else await resolve(info, decoded[1])
