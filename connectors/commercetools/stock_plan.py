"""Which inventory entries give up how many units for a stock commit (pure: no requests).

Every SKU is taken from the entries of the commit's supply channels: one store, or the
warehouses, fullest first and split across them when one is not enough. An entry offers
its `availableQuantity` (its `quantityOnStock` when commercetools does not say), never less
than zero. A commit is planned whole or not at all: any short SKU and there are no moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.models import LineRequest, StockShortage

Raw = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Move:
    """Units taken from (or put back into) one inventory entry."""

    entry_id: str
    sku: str
    quantity: int

    def as_json(self) -> Raw:
        return {"entry": self.entry_id, "sku": self.sku, "quantity": self.quantity}

    @classmethod
    def of(cls, raw: Raw) -> Move:
        quantity = raw["quantity"]
        if not isinstance(quantity, int) or quantity <= 0:
            raise TypeError(f"recorded move of {raw.get('entry')}: bad quantity")
        return cls(str(raw["entry"]), str(raw["sku"]), quantity)


def quantities(lines: Sequence[LineRequest]) -> dict[str, int]:
    """Quantity per SKU, repeated SKUs summed, in first-seen order."""
    wanted: dict[str, int] = {}
    for line in lines:
        if line.quantity <= 0:
            raise ValueError(f"quantity of {line.sku!r} must be positive, not {line.quantity}")
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    return wanted


def available(entry: Raw) -> int:
    quantity = entry.get("availableQuantity")
    if quantity is None:
        quantity = entry["quantityOnStock"]
    if not isinstance(quantity, int):
        raise TypeError(f"inventory entry {entry.get('id')}: quantity is not an integer")
    return max(0, quantity)


def shortages(
    wanted: Mapping[str, int], entries: Iterable[Raw], free: Mapping[str, int] | None = None
) -> tuple[StockShortage, ...]:
    """The SKUs the entries cannot cover, in `wanted`'s order; `free` overrides what an
    entry (by id) offers, e.g. after it was read again."""
    total: dict[str, int] = {}
    for entry in entries:
        offered = (free or {}).get(str(entry["id"]))
        sku = str(entry["sku"])
        total[sku] = total.get(sku, 0) + (available(entry) if offered is None else offered)
    return tuple(
        StockShortage(sku, quantity, total.get(sku, 0))
        for sku, quantity in wanted.items()
        if quantity > total.get(sku, 0)
    )


def plan(wanted: Mapping[str, int], entries: Sequence[Raw]) -> tuple[list[Move], list[Raw]]:
    """The moves covering `wanted` (fullest entry first, ties by id) and the entries they
    take from; call only when `shortages` is empty."""
    by_sku: dict[str, list[Raw]] = {}
    for entry in entries:
        by_sku.setdefault(str(entry["sku"]), []).append(entry)
    moves: list[Move] = []
    used: list[Raw] = []
    for sku, quantity in wanted.items():
        left = quantity
        for entry in sorted(by_sku.get(sku, ()), key=lambda e: (-available(e), str(e["id"]))):
            take = min(left, available(entry))
            if take == 0:
                break
            moves.append(Move(str(entry["id"]), sku, take))
            used.append(entry)
            left -= take
            if left == 0:
                break
    return moves, used
