"""Small helpers shared by the read modules: rows grouped and indexed, JSON columns, money."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any, TypeVar

from connectors.models import CENT, Money
from connectors.sample.db import Row

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Currencies the sample's ERP keeps price lists in.
CURRENCIES = frozenset({"EUR", "GBP"})


def grouped(rows: Iterable[Row], column: str) -> Iterable[tuple[Any, list[Row]]]:
    """Consecutive rows sharing `column` (the SQL orders by it), as (value, rows)."""
    for value, group in groupby(rows, key=lambda row: row[column]):
        yield value, list(group)


def index_by(items: Iterable[V], key: Callable[[V], K]) -> dict[K, V]:
    return {key(item): item for item in items}


def json_list(text: str | None) -> list[Any]:
    return list(json.loads(text)) if text else []


def money(cents: int, currency: str) -> Money:
    return Money((Decimal(cents) / 100).quantize(CENT), currency)


def cents(amount: Money) -> int:
    """The amount in cents, rounded half up (what the tables store)."""
    return int((amount.amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
