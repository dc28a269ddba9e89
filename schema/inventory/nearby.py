"""Ordering stores by distance: the one place that decides what "nearest" means."""

from __future__ import annotations

from collections.abc import Sequence

from cachetools import LRUCache

from connectors.geo import distance_km
from connectors.models import GeoPoint, Store

# Distances from each recent origin, by the store's coordinates. A listing measures the same
# few origins to the same stores for every product: one lookup of the origin per ranking,
# then a dict read per store. Both are keyed by plain floats, whose hashing costs nothing
# next to a dataclass's (the LRU hashes its key three times a look-up).
_FROM_ORIGIN: LRUCache[tuple[float, float], dict[tuple[float, float], float]] = LRUCache(
    maxsize=256
)
_MAX_POINTS_PER_ORIGIN = 4096
# Whole store lists ranked from an origin: a listing ranks the same list (the all-stores
# answer, one object for the request, and for as long as it is cached) from the same origin
# for every product, then keeps each product's stores. The list itself is kept with its
# ranking, and compared by identity, so that another list can never be taken for it.
Ranking = list[tuple[Store, float | None]]
_RANKED: LRUCache[tuple[float, float] | None, tuple[Sequence[Store], float | None, Ranking]]
_RANKED = LRUCache(maxsize=64)


def _distances_from(origin: GeoPoint) -> dict[tuple[float, float], float]:
    key = (origin.latitude, origin.longitude)
    table = _FROM_ORIGIN.get(key)
    if table is None or len(table) > _MAX_POINTS_PER_ORIGIN:
        table = _FROM_ORIGIN[key] = {}
    return table


def rank_stores(
    stores: Sequence[Store], origin: GeoPoint | None, radius_km: float | None
) -> list[tuple[Store, float | None]]:
    """Nearest first within `radius_km` when an origin is given; by code otherwise
    (a radius without an origin cannot be applied and is ignored)."""
    if origin is None:
        return [(s, None) for s in sorted(stores, key=lambda s: s.code)]
    table = _distances_from(origin)
    # (distance, code, position, store): sorted as tuples, without a key function per store;
    # the position settles a tie before two stores would be compared.
    ranked: list[tuple[float, str, int, Store]] = []
    for position, store in enumerate(stores):  # inline: a listing ranks about 300 stores
        point = store.location
        key = (point.latitude, point.longitude)
        distance = table.get(key)
        if distance is None:
            distance = table[key] = round(distance_km(origin, point), 3)
        if radius_km is None or distance <= radius_km:
            ranked.append((distance, store.code, position, store))
    ranked.sort()
    return [(store, distance) for distance, _, _, store in ranked]


def ranked_list(
    stores: Sequence[Store], origin: GeoPoint | None, radius_km: float | None
) -> Ranking:
    """`rank_stores` of a whole list, kept for the next call with the same list (the same
    object), origin and radius. A subset filtered from it, in its order, is ranked as
    `rank_stores` ranks the subset: the order is by distance, then code, then position,
    and a subset keeps its members' relative positions. Treat the answer as read-only."""
    key = None if origin is None else (origin.latitude, origin.longitude)
    kept = _RANKED.get(key)
    if kept is not None and kept[0] is stores and kept[1] == radius_km:
        return kept[2]
    ranking = rank_stores(stores, origin, radius_km)
    _RANKED[key] = (stores, radius_km, ranking)
    return ranking
