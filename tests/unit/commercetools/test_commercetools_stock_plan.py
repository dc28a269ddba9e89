"""Stock commits planned over inventory entries: fullest warehouse first, split when one is
not enough, whole or not at all."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.commercetools.stock_plan import Move, plan, quantities, shortages
from connectors.models import LineRequest, StockShortage


def _entry(entry_id: str, sku: str, available: int | None, on_stock: int = 0) -> dict[str, Any]:
    return {"id": entry_id, "sku": sku, "availableQuantity": available, "quantityOnStock": on_stock}


ENTRIES = [
    _entry("e1", "A", 3),
    _entry("e2", "A", 10),
    _entry("e3", "A", 10),
    _entry("e4", "B", None, on_stock=4),
    _entry("e5", "C", -2),
]


def test_the_fullest_entry_first_then_the_next() -> None:
    wanted = quantities([LineRequest("A", 12), LineRequest("B", 1), LineRequest("B", 3)])
    assert shortages(wanted, ENTRIES) == ()
    moves, used = plan(wanted, ENTRIES)
    assert moves == [Move("e2", "A", 10), Move("e3", "A", 2), Move("e4", "B", 4)]
    assert [e["id"] for e in used] == ["e2", "e3", "e4"]


def test_short_skus_in_line_order_with_what_there_is() -> None:
    wanted = {"C": 1, "A": 24, "B": 4, "Z": 1}
    assert shortages(wanted, ENTRIES) == (
        StockShortage("C", 1, 0),
        StockShortage("A", 24, 23),
        StockShortage("Z", 1, 0),
    )
    assert shortages({"B": 4}, ENTRIES, {"e4": 1}) == (StockShortage("B", 4, 1),)


def test_quantities_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        quantities([LineRequest("A", 0)])


def test_recorded_moves_read_back() -> None:
    move = Move("e1", "A", 2)
    assert Move.of(move.as_json()) == move
    with pytest.raises(TypeError):
        Move.of({"entry": "e1", "sku": "A", "quantity": 0})
