"""How a click-and-collect stock commit converts the customer's holds (pure: no requests).

The customer's active holds in the pickup store are taken oldest first, as many as the
order's SKUs need. A collected hold's units are already out of the shelf: the order uses
them first (`used`), the shelf gives only what they do not cover (`rest`), and what the
hold kept beyond the order goes back to the shelf (`surplus`): a collected hold releases
whatever else it held, as on the sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from connectors.commercetools.holds_store import Hold
from connectors.commercetools.stock_plan import Move


@dataclass(frozen=True, slots=True)
class Collected:
    """One hold the commit collects, and the units of it the order uses."""

    hold: Hold
    used: tuple[Move, ...]


@dataclass(frozen=True, slots=True)
class Conversion:
    collected: tuple[Collected, ...] = ()
    covered: dict[str, int] = field(default_factory=dict)  # SKU -> units the holds give
    rest: dict[str, int] = field(default_factory=dict)  # SKU -> units the shelf gives
    surplus: tuple[Move, ...] = ()  # held units the order does not need: back on the shelf


def convert(wanted: Mapping[str, int], holds: Sequence[Hold]) -> Conversion:
    """`holds`: the customer's active holds in the store, oldest first."""
    need = dict(wanted)
    collected: list[Collected] = []
    surplus: list[Move] = []
    for hold in holds:
        if not any(need.get(m.sku, 0) > 0 for m in hold.moves):
            continue
        used: list[Move] = []
        for move in hold.moves:
            take = min(need.get(move.sku, 0), move.quantity)
            if take:
                used.append(Move(move.entry_id, move.sku, take))
                need[move.sku] -= take
            if take < move.quantity:
                surplus.append(Move(move.entry_id, move.sku, move.quantity - take))
        collected.append(Collected(hold, tuple(used)))
    covered = {sku: wanted[sku] - need[sku] for sku in wanted if wanted[sku] > need[sku]}
    rest = {sku: left for sku, left in need.items() if left > 0}
    return Conversion(tuple(collected), covered, rest, tuple(surplus))


def lines_of(moves: Sequence[Move]) -> dict[str, int]:
    total: dict[str, int] = {}
    for move in moves:
        total[move.sku] = total.get(move.sku, 0) + move.quantity
    return total
