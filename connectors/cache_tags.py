"""The tags of a cache entry and of a write: what a purge names to drop entries.

Tags are `kind:id` strings: `product:<id>`, `sku:<sku>`, `category:<id>`, `store:<id>`,
`page:<handle>`, `customer:<id>`, `cart:<id>`, `order:<id>`, and `domain:<name>` on every
entry. They come from the key and from the value (a product read by handle is still tagged
with its id and SKUs), so an event that knows only a product id reaches every entry that
shows that product, whichever key it was read by."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from connectors import models

# Batch method -> the tag kind of its key (methods keyed by something else tag by value).
KEY_KINDS: dict[str, str] = {
    "products": "product",
    "products_by_sku": "sku",
    "categories": "category",
    "prices": "sku",
    "stock": "sku",
    "stores": "store",
    "pages": "page",
    "product_content": "product",
    "customers": "customer",
    "carts": "cart",
    "orders": "order",
    "orders_by_customer": "customer",
    "accounts": "customer",
}


def domain_tag(domain: str) -> str:
    return f"domain:{domain}"


def entry_tags(domain: str, method: str, key: Hashable, value: Any) -> frozenset[str]:
    tags = {domain_tag(domain)}
    kind = KEY_KINDS.get(method)
    if kind is not None and isinstance(key, str):
        tags.add(f"{kind}:{key}")
    if isinstance(key, models.EarnQuery):
        tags.add(f"sku:{key.sku}")
    tags.update(_value_tags(value))
    return frozenset(tags)


def _value_tags(value: Any) -> Iterator[str]:
    if isinstance(value, models.Product):
        yield f"product:{value.id}"
        yield from (f"sku:{v.sku}" for v in value.variants)
    elif isinstance(value, models.ProductPage):
        for product in value.products:
            yield from _value_tags(product)
    elif isinstance(value, models.Category):
        yield f"category:{value.id}"
    elif isinstance(value, models.Store):
        yield f"store:{value.id}"
    elif isinstance(value, models.Page):
        yield f"page:{value.handle}"
    elif isinstance(value, tuple | list):
        for item in value:
            if isinstance(item, models.Store | models.Order):
                yield from _value_tags(item)
    elif isinstance(value, models.Order):
        yield f"order:{value.id}"


def write_tags(domain: str, args: Iterable[Any]) -> frozenset[str]:
    """What a write through the gateway changes: the SKUs of the lines it moves (a hold,
    a stock commit), else its whole domain (a cart, an order, a loyalty posting)."""
    skus = {
        f"sku:{line.sku}"
        for arg in args
        for line in getattr(arg, "lines", ())
        if isinstance(line, models.LineRequest)
    }
    return frozenset(skus) if skus else frozenset({domain_tag(domain)})
