"""Canonical change events: what a back office says changed, in the gateway's words.

Each connector package turns its system's webhook bodies into these (its `webhooks.py`);
the gateway purges the shared cache by each event's tags and fans the event out to
subscriptions, on every replica. An event names what changed, not always the new value:
a subscriber reads the current value through the (purged) cache, so what it pushes is
what a query would answer. Events travel between replicas as JSON (`to_json` /
`event_from_json`), so every field is a plain value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# Cache tags (connectors/caching.py `SharedCache.purge`): "<kind>:<id>".
PRODUCT, SKU, STORE, PAGE, ORDER, DOMAIN = "product", "sku", "store", "page", "order", "domain"


def tag(kind: str, value: str) -> str:
    return f"{kind}:{value}"


@dataclass(frozen=True, slots=True)
class ProductChanged:
    """A product's catalogue data (title, variants, attributes) changed or it was removed."""

    source: str
    product_id: str | None = None
    skus: tuple[str, ...] = ()
    removed: bool = False

    domain = "catalog"

    def tags(self) -> tuple[str, ...]:
        return _product_tags(self.product_id, self.skus, self.domain)


@dataclass(frozen=True, slots=True)
class PriceChanged:
    source: str
    skus: tuple[str, ...] = ()
    product_id: str | None = None

    domain = "pricing"

    def tags(self) -> tuple[str, ...]:
        return _product_tags(self.product_id, self.skus, self.domain)


@dataclass(frozen=True, slots=True)
class StockChanged:
    """Stock of one SKU changed at one location (a store or a warehouse; None: somewhere).
    `quantity` is the new available quantity there when the system says it."""

    source: str
    sku: str
    location_id: str | None = None
    quantity: int | None = None

    domain = "inventory"

    def tags(self) -> tuple[str, ...]:
        # Stock entries are keyed by SKU (all locations at once); the store itself is
        # unchanged, so its `store:` entries stay.
        return (tag(SKU, self.sku),)


@dataclass(frozen=True, slots=True)
class ContentChanged:
    """A CMS entry changed: a page (by handle) or the content shown with a product."""

    source: str
    page_handle: str | None = None
    product_id: str | None = None
    entry: str | None = None  # the CMS's own id of the entry, for the log

    domain = "content"

    def tags(self) -> tuple[str, ...]:
        if self.page_handle:
            return (tag(PAGE, self.page_handle),)
        if self.product_id:
            return (tag(PRODUCT, self.product_id),)
        return (tag(DOMAIN, self.domain),)  # an entry we cannot place: all content


@dataclass(frozen=True, slots=True)
class OrderStatusChanged:
    source: str
    order_id: str
    status: str  # an OrderStatus value
    number: str | None = None
    customer_id: str | None = None

    domain = "orders"

    def tags(self) -> tuple[str, ...]:
        return (tag(ORDER, self.order_id),)


def _product_tags(product_id: str | None, skus: tuple[str, ...], domain: str) -> tuple[str, ...]:
    own = (tag(PRODUCT, product_id),) if product_id else ()
    found = own + tuple(tag(SKU, s) for s in skus)
    return found or (tag(DOMAIN, domain),)  # a change we cannot place: the whole domain


ChangeEvent = ProductChanged | PriceChanged | StockChanged | ContentChanged | OrderStatusChanged
EVENT_TYPES: Mapping[str, type[Any]] = {
    t.__name__: t
    for t in (ProductChanged, PriceChanged, StockChanged, ContentChanged, OrderStatusChanged)
}
_TUPLE_FIELDS = frozenset({"skus"})


class MalformedEvent(ValueError):
    """A JSON object that is not one of the events above."""


def to_json(event: ChangeEvent) -> dict[str, Any]:
    return {"type": type(event).__name__, **dataclasses.asdict(event)}


def event_from_json(raw: Any) -> ChangeEvent:
    """The event a `to_json` object describes; MalformedEvent for anything else."""
    if not isinstance(raw, dict) or raw.get("type") not in EVENT_TYPES:
        raise MalformedEvent("an event needs a known `type`")
    event_type = EVENT_TYPES[raw["type"]]
    values = {k: v for k, v in raw.items() if k != "type"}
    known = {f.name: f for f in dataclasses.fields(event_type)}
    if set(values) - set(known):
        raise MalformedEvent(f"unknown fields for {raw['type']}")
    for name, value in values.items():
        if name in _TUPLE_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise MalformedEvent(f"`{name}` must be a list of strings")
            values[name] = tuple(value)
        elif not _plain(known[name].type, value):
            raise MalformedEvent(f"`{name}` has the wrong type")
    try:
        event: ChangeEvent = event_type(**values)
    except TypeError as exc:  # a required field is missing
        raise MalformedEvent(str(exc)) from exc
    return event


def _plain(annotation: object, value: object) -> bool:
    text = str(annotation)
    if value is None:
        return "None" in text
    if text.startswith("bool"):
        return isinstance(value, bool)
    if text.startswith("int"):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a subscriber hears: by type, and optionally by a key of the event."""

    types: tuple[type[Any], ...]
    skus: frozenset[str] = field(default_factory=frozenset)
    order_id: str | None = None

    def matches(self, event: ChangeEvent) -> bool:
        if not isinstance(event, self.types):
            return False
        if self.skus and not (isinstance(event, StockChanged) and event.sku in self.skus):
            return False
        return self.order_id is None or getattr(event, "order_id", None) == self.order_id


class EventFeed(Protocol):
    """What the schema floor subscribes to (the gateway's event bus implements it): the
    matching events in batches (all that arrived while the last batch was handled). Raises
    SubscriptionLimit when the process already holds as many subscribers as it allows."""

    def listen(
        self, selection: EventFilter
    ) -> AbstractAsyncContextManager[AsyncIterator[Sequence[ChangeEvent]]]: ...


@runtime_checkable
class EmitsEvents(Protocol):
    """A connector that tells of its own writes in-process (the sample back office)."""

    def on_events(self, sink: Callable[[ChangeEvent], None]) -> None: ...


class SubscriptionLimit(Exception):
    """Too many live subscriptions in this process."""
