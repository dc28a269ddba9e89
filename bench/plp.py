"""The product listing page every gateway in `--peers` answers, read back into one shape so
answers in different spellings can be checked and compared: omnicanal's connection with
global IDs and Decimal strings, the peers' plain list with upstream IDs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from schema.ids import from_global_id

PLP_SIZE = 24


class PlpItem(NamedTuple):
    """One product of the page as every gateway must show it."""

    id: str
    title: str
    handle: str
    amount: Decimal | None
    quantity: int | None


Reader = Callable[[dict[str, Any]], list[PlpItem]]


def _amount(price: dict[str, Any] | None) -> Decimal | None:
    # Decimal(str(...)): 19.9 (a JSON float) and "19.90" (a Decimal scalar) are one price.
    return None if price is None else Decimal(str(price["amount"]))


def _quantity(availability: dict[str, Any] | None) -> int | None:
    return None if availability is None else availability["quantityAvailable"]


def _item(node: dict[str, Any], key: str) -> PlpItem:
    return PlpItem(
        key,
        node["title"],
        node["handle"],
        _amount(node["price"]),
        _quantity(node["availability"]),
    )


def omnicanal_items(data: dict[str, Any]) -> list[PlpItem]:
    items = []
    for node in data["products"]["nodes"]:
        decoded = from_global_id(node["id"])
        items.append(_item(node, decoded[1] if decoded else node["id"]))
    return items


def peer_items(data: dict[str, Any]) -> list[PlpItem]:
    return [_item(node, node["id"]) for node in data["products"]]


def problem(read: Reader, data: dict[str, Any]) -> str | None:
    """What makes this answer an implausible PLP, or None."""
    try:
        items = read(data)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return "the PLP answer is not shaped as asked"
    if len(items) != PLP_SIZE:
        return f"the PLP has {len(items)} products, not {PLP_SIZE}"
    if any(item.amount is None for item in items):
        return "the PLP has a product without a price"
    if any(item.quantity is None for item in items):
        return "the PLP has a product without stock"
    return None


def omnicanal_problem(data: dict[str, Any]) -> str | None:
    return problem(omnicanal_items, data)


def peer_problem(data: dict[str, Any]) -> str | None:
    return problem(peer_items, data)
