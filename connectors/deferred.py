"""A tuple built on first use, for a model field most requests never read.

Why (issue 10): a stock answer lists every store's quantity (22 locations per SKU in the
bench data, 500+ per listing page), yet a listing reads only the online quantity. Building
a `LocationStock` per store cost about 0.1 ms of a page's 2.5 ms, and, worse, made half of
the page's garbage-collected allocations, so the collector ran twice as often. A connector
hands over the upstream's rows and how to read one; the models are made the first time
anything iterates, indexes, compares or encodes the field, once, and the rows are dropped.

It behaves as the tuple it stands for: equal to it (and to another `DeferredTuple` of the
same items), hashed like it, so frozen models keep their equality and hashing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

T = TypeVar("T")


class DeferredTuple(Sequence[T]):
    __slots__ = ("_build", "_items", "_rows")

    def __init__(self, rows: Any, build: Callable[[Any], tuple[T, ...]]) -> None:
        """`rows` is whatever `build` reads: the upstream's rows, or their JSON."""
        self._rows: Any = rows
        self._build: Callable[[Any], tuple[T, ...]] | None = build
        self._items: tuple[T, ...] | None = None

    @property
    def items(self) -> tuple[T, ...]:
        """The tuple, made now if nothing asked for it before."""
        items = self._items
        if items is None:
            assert self._build is not None
            assert self._rows is not None
            items = self._items = self._build(self._rows)
            self._build = self._rows = None  # the upstream rows are no longer needed
        return items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredTuple):
            return self.items == other.items
        return self.items == other

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return repr(self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.items,))  # a copy or pickle is the plain tuple
