"""A cart being changed: its lines and settings in memory, the actions applied to them.

Pure: carts.py loads a state, applies every action, and writes the result in the same
transaction, so an update is all or nothing. Line ids are minted here and never change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import assert_never

from connectors.models import (
    AddLines,
    CartAction,
    LineRequest,
    RemoveLines,
    SetBuyer,
    SetLineQuantities,
    SetPickupStore,
    SetPromotionCodes,
    SetRewards,
)
from connectors.sample.cart_pricing import normalize_codes


def new_line_id() -> str:
    return f"CL{secrets.token_hex(8)}"


@dataclass(slots=True)
class LineState:
    id: str
    sku: str
    quantity: int
    position: int


@dataclass(slots=True)
class CartState:
    lines: list[LineState] = field(default_factory=list)
    promotion_codes: tuple[str, ...] = ()
    reward_ids: tuple[str, ...] = ()
    pickup_store_id: str | None = None
    customer_id: str | None = None

    def apply(self, action: CartAction) -> None:
        match action:
            case AddLines(lines=lines):
                self.add(lines)
            case SetLineQuantities(quantities=quantities):
                for line_id, quantity in quantities:
                    self.set_quantity(line_id, quantity)
            case RemoveLines(line_ids=line_ids):
                self.lines = [line for line in self.lines if line.id not in set(line_ids)]
            case SetPromotionCodes(codes=codes):
                self.promotion_codes = normalize_codes(codes)
            case SetRewards(reward_ids=reward_ids):
                self.reward_ids = tuple(dict.fromkeys(reward_ids))
            case SetPickupStore(store_id=store_id):
                self.pickup_store_id = store_id
            case SetBuyer(customer_id=customer_id):
                self.customer_id = customer_id
            case _:
                assert_never(action)

    def add(self, lines: tuple[LineRequest, ...]) -> None:
        """A SKU already in the cart has its line's quantity increased."""
        by_sku = {line.sku: line for line in self.lines}
        for request in lines:
            if request.quantity <= 0:
                raise ValueError(f"quantity of {request.sku!r} must be positive")
            line = by_sku.get(request.sku)
            if line is None:
                position = max((x.position for x in self.lines), default=-1) + 1
                line = LineState(new_line_id(), request.sku, 0, position)
                self.lines.append(line)
                by_sku[request.sku] = line
            line.quantity += request.quantity

    def set_quantity(self, line_id: str, quantity: int) -> None:
        """0 removes the line; a line id the cart does not have is ignored (already gone)."""
        if quantity < 0:
            raise ValueError(f"quantity of line {line_id!r} cannot be negative")
        if quantity == 0:
            self.lines = [line for line in self.lines if line.id != line_id]
        for line in self.lines:
            if line.id == line_id:
                line.quantity = quantity
