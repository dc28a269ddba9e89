"""DeferredTuple: made on first use, once, and indistinguishable from the tuple it stands
for wherever a model's field is read, compared, hashed, copied or cached."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import msgspec

from bench import normalise, shapes
from connectors import cache_codec
from connectors.deferred import DeferredTuple
from connectors.models import LocationStock, StockLevel

ROWS = [
    {"location": "st-01", "type": "store", "qty": 2},
    {"location": "wh-1", "type": "warehouse", "qty": 7},
    {"location": "st-02", "type": "store", "qty": "0"},
]
STORES = (LocationStock("st-01", 2), LocationStock("st-02", 0))


class CountingBuild:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, rows: Any) -> tuple[LocationStock, ...]:
        self.calls += 1
        return tuple(
            LocationStock(r["location"], int(r["qty"])) for r in rows if r["type"] == "store"
        )


def test_it_is_built_once_on_first_use_and_then_lets_the_rows_go() -> None:
    build = CountingBuild()
    deferred = DeferredTuple(ROWS, build)
    assert build.calls == 0
    assert len(deferred) == 2
    assert list(deferred) == list(STORES)
    assert deferred[1] == STORES[1]
    assert deferred[:1] == STORES[:1]
    assert build.calls == 1
    assert deferred._rows is None  # what it no longer holds


def test_it_equals_and_hashes_as_its_tuple_so_models_do_too() -> None:
    deferred = DeferredTuple(ROWS, CountingBuild())
    assert deferred == STORES
    assert deferred == DeferredTuple(ROWS, CountingBuild())
    assert deferred != STORES[:1]
    assert hash(deferred) == hash(STORES)
    lazy = StockLevel("SKU-1", 7, DeferredTuple(ROWS, CountingBuild()))
    assert lazy == StockLevel("SKU-1", 7, STORES)
    assert hash(lazy) == hash(StockLevel("SKU-1", 7, STORES))
    assert repr(deferred) == repr(STORES)


def test_copies_pickles_and_the_shared_cache_get_the_plain_tuple() -> None:
    level = StockLevel("SKU-1", 7, DeferredTuple(ROWS, CountingBuild()))
    assert copy.deepcopy(level).stores == STORES
    assert pickle.loads(pickle.dumps(level)).stores == STORES  # our own bytes
    decoded = cache_codec.decode(cache_codec.encode(level))
    assert decoded == level
    assert isinstance(decoded.stores, tuple)


def test_the_bench_stock_reads_online_now_and_stores_later() -> None:
    row = msgspec.convert({"sku": "SKU-1", "locations": ROWS[:2]}, shapes.StockRow)
    level = normalise.stock(row)
    assert level.online_quantity == 7
    assert isinstance(level.stores, DeferredTuple)
    assert tuple(level.stores) == STORES[:1]
