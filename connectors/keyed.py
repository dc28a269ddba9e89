"""The dataloader contract every batch method keeps: one result per key, in key order,
matched by value (never by position), None where nothing matched."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, overload

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


@overload
def in_key_order(keys: Sequence[K], found: Mapping[K, V]) -> list[V | None]: ...


@overload
def in_key_order(
    keys: Sequence[K], found: Iterable[T], keys_of: Callable[[T], Iterable[K]]
) -> list[T | None]: ...


def in_key_order(
    keys: Sequence[Any], found: Any, keys_of: Callable[[Any], Iterable[Any]] | None = None
) -> list[Any]:
    """Results for `keys`: from a mapping of key to result, or from results that each say
    which keys they answer (`keys_of`; the first result to claim a key keeps it)."""
    index: Mapping[Any, Any] = found if keys_of is None else _index(found, keys_of)
    return [index.get(key) for key in keys]


def _index(found: Iterable[T], keys_of: Callable[[T], Iterable[K]]) -> dict[K, T]:
    index: dict[K, T] = {}
    for item in found:
        for key in keys_of(item):
            index.setdefault(key, item)
    return index
