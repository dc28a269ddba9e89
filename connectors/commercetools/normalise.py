"""commercetools JSON to canonical models. A KeyError, TypeError or ValueError here means an
answer we cannot read; the connector turns it into UpstreamBadResponse for that batch.

- A product projection is an omnicanal product; its variants with a SKU are its variants,
  the master variant first. Attributes the product type declares `CombinationUnique` are
  the variant axes (its options); the others of the master variant (and the product's own
  attributes) are the product's attributes, `brand` its brand. Enum values are shown by
  their label in the context's locale, whether the API sent `{key, label}` or the key.
- Handles are slugs, titles names, in the context's locale, else the fallback locale.
- A price is the selected Price; a `discounted` one is paid, its `value` struck through,
  and the product discount named as its promotion. Its rules say what selected it (a
  distribution channel, a customer group) and what the product discount took off.
- Channels with a geoLocation are stores; inventory entries without a supply channel or
  in a warehouse channel are online stock.
- omnicanal's cart fields (sales channel, pickup store, rewards, points earned) are custom
  fields of the cart type, copied by commercetools onto the order.
- A customer's loyalty card number is a custom field of the customer's Type, named by
  the `loyalty_card_field` setting.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from connectors.commercetools.reference import Reference
from connectors.context import DEFAULT_CUSTOMER_GROUP, Channel
from connectors.models import (
    Address,
    Attribute,
    Cart,
    CartLine,
    Category,
    Customer,
    GeoPoint,
    LocationKind,
    LocationStock,
    Media,
    Money,
    Order,
    OrderLine,
    OrderStatus,
    Price,
    PriceRule,
    PriceRuleKind,
    Product,
    Promotion,
    SelectedOption,
    StockLevel,
    Store,
    Variant,
)

Raw = dict[str, Any]
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, decimal.InvalidOperation)
AXIS = "CombinationUnique"
BRAND = "brand"
CHANNEL_FIELD = "omnicanalChannel"
PICKUP_FIELD = "omnicanalPickupStore"
REWARDS_FIELD = "omnicanalRewards"
POINTS_FIELD = "omnicanalPointsEarned"
# ISO 4217 minor units, where they are not 2.
ISO_DIGITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"), 0),
    **dict.fromkeys(("RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK"), 2),
}


def text(value: Any, locales: Sequence[str]) -> str | None:
    """A LocalizedString in the first of `locales` it has, else in any locale."""
    if isinstance(value, str):
        return value or None
    # JSON gives a dict: tested first, the Mapping ABC's check costs more than the rest.
    if not isinstance(value, dict) and not isinstance(value, Mapping):
        return None
    found = next((value[loc] for loc in locales if value.get(loc)), None)
    found = found or next((v for v in value.values() if isinstance(v, str) and v), None)
    return str(found) if found is not None else None


def money(raw: Raw) -> Money:
    """Cent-precision money has the currency's ISO 4217 number of fraction digits (what
    `fractionDigits` says, when it is right); high-precision money says its own."""
    currency = str(raw["currencyCode"])
    if raw.get("type") == "highPrecision":
        units, digits = raw["preciseAmount"], raw["fractionDigits"]
    else:
        units = raw["centAmount"]
        digits = ISO_DIGITS.get(currency, raw.get("fractionDigits", 2))
    if not isinstance(units, int) or isinstance(units, bool) or not isinstance(digits, int):
        raise TypeError(f"unreadable money {raw!r}")
    return Money(Decimal(units).scaleb(-digits), currency)


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def custom_fields(raw: Raw) -> Raw:
    fields = (raw.get("custom") or {}).get("fields") or {}
    if not isinstance(fields, dict):
        raise TypeError("custom.fields is not an object")
    return fields


# --- catalog ----------------------------------------------------------------------------


def product(raw: Raw, locales: Sequence[str], ref: Reference) -> Product | None:
    """None for a product none of whose variants has a SKU: nothing to sell."""
    type_id = str((raw.get("productType") or {}).get("id", ""))
    definitions = ref.attributes.get(type_id, {})
    axes = [name for name, d in definitions.items() if d.get("attributeConstraint") == AXIS]
    variants = [raw["masterVariant"], *(raw.get("variants") or ())]
    sellable = [v for v in variants if v.get("sku")]
    if not sellable:
        return None
    title = text(raw["name"], locales) or str(raw.get("key") or raw["id"])
    values = {**_attributes(variants[0]), **_attributes(raw)}
    shown = [
        Attribute(name, _label(definitions.get(name), name, locales), rendered)
        for name, value in values.items()
        if name not in axes and name != BRAND
        if (rendered := render(value, definitions.get(name), locales)) is not None
    ]
    created = raw.get("createdAt")
    return Product(
        id=str(raw["id"]),
        handle=text(raw["slug"], locales) or str(raw["id"]),
        title=title,
        variants=tuple(_variant(v, axes, definitions, title, locales) for v in sellable),
        description=text(raw.get("description"), locales),
        brand=render(values.get(BRAND), definitions.get(BRAND), locales),
        category_ids=tuple(str(c["id"]) for c in raw.get("categories") or ()),
        attributes=tuple(shown),
        media=_media(variants, title),
        created_at=instant(created) if created else None,
    )


def _attributes(holder: Raw) -> dict[str, Any]:
    return {a["name"]: a.get("value") for a in holder.get("attributes") or ()}


def _variant(
    raw: Raw, axes: list[str], definitions: Mapping[str, Raw], title: str, locales: Sequence[str]
) -> Variant:
    values = _attributes(raw)
    options = tuple(
        SelectedOption(_label(definitions.get(axis), axis, locales), rendered)
        for axis in axes
        if (rendered := render(values.get(axis), definitions.get(axis), locales)) is not None
    )
    return Variant(str(raw["sku"]), " / ".join(o.value for o in options) or title, options)


def _label(definition: Raw | None, name: str, locales: Sequence[str]) -> str:
    return text((definition or {}).get("label"), locales) or name


def render(value: Any, definition: Raw | None, locales: Sequence[str]) -> str | None:
    """An attribute value as a shopper reads it; None for what is not shown as text
    (booleans, references, nested attributes)."""
    kind = (definition or {}).get("type") or {}
    if isinstance(value, list):
        element = {"type": kind.get("elementType") or {}}
        parts = [r for v in value if (r := render(v, element, locales)) is not None]
        return ", ".join(parts) or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dict):
        if "label" in value:  # enum and lenum values: {key, label}
            return text(value["label"], locales) or str(value.get("key") or "") or None
        if "currencyCode" in value:
            amount = money(value)
            return f"{amount.amount} {amount.currency}"
        if "typeId" in value:
            return None
        return text(value, locales)  # ltext
    if isinstance(value, str) and kind.get("name") in ("enum", "lenum"):
        labels = {v["key"]: v.get("label") for v in kind.get("values") or ()}
        return text(labels.get(value), locales) or value
    if isinstance(value, str | int | float | Decimal):
        return str(value)
    return None


def _media(variants: Iterable[Raw], title: str) -> tuple[Media, ...]:
    found: dict[str, Media] = {}
    for variant in variants:
        for image in variant.get("images") or ():
            url = str(image["url"])
            found.setdefault(url, Media(url, image.get("label") or title))
    return tuple(found.values())


def category(raw: Raw, locales: Sequence[str]) -> Category:
    parent = raw.get("parent")
    return Category(
        id=str(raw["id"]),
        handle=text(raw["slug"], locales) or str(raw["id"]),
        title=text(raw["name"], locales) or str(raw.get("key") or raw["id"]),
        parent_id=str(parent["id"]) if parent else None,
    )


# --- pricing -------------------------------------------------------------------------------


def price(
    sku: str, selected: Raw, locales: Sequence[str], ref: Reference, channel: Channel | None = None
) -> Price:
    """`channel` is the context's: a Price scoped to a distribution channel fits that one."""
    value = money(selected["value"])
    scoped = _scope_rules(selected, locales, ref, channel)
    discounted = selected.get("discounted")
    if not discounted:
        return Price(sku, value, rules=scoped)
    paid = money(discounted["value"])
    reference = discounted.get("discount") or {}
    discount = reference.get("obj") or ref.product_discounts.get(reference.get("id", "")) or {}
    promotion = Promotion(
        title=text(discount.get("name"), locales) or "Promotion",
        description=text(discount.get("description"), locales),
    )
    compare_at = value if value.amount > paid.amount else None
    off = Money(value.amount - paid.amount, value.currency)
    code = str(discount.get("key") or reference.get("id") or "product-discount")
    # A discount of a channel's own Price reaches that channel only.
    restricted = channel if any(r.kind is PriceRuleKind.CHANNEL for r in scoped) else None
    sale = PriceRule(PriceRuleKind.SALE, code, promotion.title, off, restricted)
    return Price(sku, paid, compare_at, (promotion,), (*scoped, sale))


def _scope_rules(
    selected: Raw, locales: Sequence[str], ref: Reference, channel: Channel | None
) -> tuple[PriceRule, ...]:
    """What selected this Price over the one everyone gets: its channel, its customer group
    (each sets the price itself, so its effect against a base price is not known here)."""
    rules = []
    channel_id = (selected.get("channel") or {}).get("id")
    if channel_id:
        raw = ref.channel(channel_id) or {}
        key = str(raw.get("key") or channel_id)
        title = text(raw.get("name"), locales) or key
        rules.append(PriceRule(PriceRuleKind.CHANNEL, key, title, None, channel))
    group_id = (selected.get("customerGroup") or {}).get("id")
    if group_id:
        key = ref.group_keys.get(group_id, group_id)
        rules.append(PriceRule(PriceRuleKind.CUSTOMER_GROUP, key, key))
    return tuple(rules)


# --- inventory -----------------------------------------------------------------------------


def store(channel: Raw, locales: Sequence[str], kind: LocationKind) -> Store | None:
    """None for a channel without a point on the map: not a place a shopper can go."""
    geo = channel.get("geoLocation")
    if not geo:
        return None
    longitude, latitude = geo["coordinates"]
    address = channel.get("address") or {}
    street = " ".join(
        str(part) for part in (address.get("streetNumber"), address.get("streetName")) if part
    )
    return Store(
        id=str(channel["id"]),
        code=str(channel.get("key") or channel["id"]),
        name=text(channel.get("name"), locales) or str(channel.get("key") or channel["id"]),
        address=Address(
            line1=street or str(address.get("building") or ""),
            city=str(address.get("city") or ""),
            postal_code=str(address.get("postalCode") or ""),
            country_code=str(address.get("country") or ""),
            line2=address.get("additionalStreetInfo") or None,
        ),
        location=GeoPoint(latitude=float(latitude), longitude=float(longitude)),
        kind=kind,
    )


def stock_level(
    sku: str, entries: Iterable[Raw], stores: Iterable[str], warehouses: Iterable[str]
) -> StockLevel:
    store_ids, warehouse_ids = set(stores), set(warehouses)
    online = 0
    shelves: list[LocationStock] = []
    for entry in entries:
        available = entry.get("availableQuantity")
        if available is None:
            available = entry["quantityOnStock"]
        if not isinstance(available, int):
            raise TypeError(f"inventory entry {entry.get('id')}: quantity is not an integer")
        channel = (entry.get("supplyChannel") or {}).get("id")
        if channel is None or channel in warehouse_ids:
            online += max(0, available)
        elif channel in store_ids:
            shelves.append(LocationStock(str(channel), max(0, available)))
    return StockLevel(sku, online, tuple(sorted(shelves, key=lambda s: s.location_id)))


# --- orders ----------------------------------------------------------------------------------


def customer(raw: Raw, ref: Reference, groups: Mapping[str, str], card_field: str = "") -> Customer:
    """`groups` maps commercetools customer group keys to omnicanal groups; `card_field`
    names the Custom Field holding the loyalty card number ("": none is read)."""
    group_id = (raw.get("customerGroup") or {}).get("id")
    group_key = ref.group_keys.get(group_id or "")
    return Customer(
        id=str(raw["id"]),
        email=str(raw["email"]),
        first_name=raw.get("firstName") or None,
        last_name=raw.get("lastName") or None,
        customer_group=groups.get(group_key or "", DEFAULT_CUSTOMER_GROUP),
        loyalty_card=loyalty_card(raw, card_field) if card_field else None,
    )


def loyalty_card(raw: Raw, card_field: str) -> str | None:
    """The card number, or None for none: the field may be missing, blank, or of another
    type (another application's Type may declare it as a Number). A customer whose
    custom fields we cannot read is still a customer, only not linked by card."""
    custom = raw.get("custom")
    fields = custom.get("fields") if isinstance(custom, dict) else None
    value = fields.get(card_field) if isinstance(fields, dict) else None
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _channel(fields: Raw) -> Channel:
    try:
        return Channel(fields.get(CHANNEL_FIELD) or Channel.WEB.value)
    except ValueError:
        return Channel.WEB  # written by another application: the web shop's


def cart(raw: Raw, codes: Mapping[str, str], order_id: str | None = None) -> Cart:
    """`codes` names discount codes by id, for carts read without expanding them."""
    fields = custom_fields(raw)
    found_codes = []
    for info in raw.get("discountCodes") or ():
        reference = info["discountCode"]
        code = (reference.get("obj") or {}).get("code") or codes.get(reference["id"])
        if code:
            found_codes.append(str(code))
    return Cart(
        id=str(raw["id"]),
        channel=_channel(fields),
        currency=str(raw["totalPrice"]["currencyCode"]),
        lines=tuple(
            CartLine(str(li["id"]), str(li["variant"]["sku"]), int(li["quantity"]))
            for li in raw.get("lineItems") or ()
        ),
        promotion_codes=tuple(found_codes),
        customer_id=raw.get("customerId") or None,
        pickup_store_id=fields.get(PICKUP_FIELD) or None,
        reward_ids=tuple(str(r) for r in fields.get(REWARDS_FIELD) or ()),
        order_id=order_id,
    )


def order_status(raw: Raw, pickup: bool) -> OrderStatus:
    state, shipment = raw.get("orderState"), raw.get("shipmentState")
    if state == "Cancelled":
        return OrderStatus.CANCELLED
    if shipment == "Delivered" or state == "Complete":
        return OrderStatus.DELIVERED
    if shipment == "Shipped":
        return OrderStatus.SHIPPED
    if shipment == "Ready" and pickup:
        return OrderStatus.READY_FOR_PICKUP
    if state == "Confirmed" or shipment == "Ready":
        return OrderStatus.CONFIRMED
    return OrderStatus.PENDING  # Open: placed, not yet confirmed by the merchant


def _unit_price(line: Raw) -> Money | None:
    value = (line.get("price") or {}).get("value")
    return money(value) if value else None


def order(raw: Raw, locales: Sequence[str]) -> Order:
    fields = custom_fields(raw)
    pickup = fields.get(PICKUP_FIELD) or None
    points = fields.get(POINTS_FIELD)
    return Order(
        id=str(raw["id"]),
        number=str(raw.get("orderNumber") or raw["id"]),
        customer_id=raw.get("customerId") or None,
        channel=_channel(fields),
        created_at=instant(raw["createdAt"]),
        status=order_status(raw, pickup is not None),
        lines=tuple(
            OrderLine(
                sku=str(li["variant"]["sku"]),
                title=text(li.get("name"), locales) or str(li["variant"]["sku"]),
                quantity=int(li["quantity"]),
                total=money(li["totalPrice"]),
                unit_price=_unit_price(li),
            )
            for li in raw.get("lineItems") or ()
        ),
        total=money(raw["totalPrice"]),
        pickup_store_id=pickup,
        loyalty_points_earned=int(points) if isinstance(points, int | float) else None,
        cart_id=(raw.get("cart") or {}).get("id") or None,
    )
