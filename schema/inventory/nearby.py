"""Ordering stores by distance: the one place that decides what "nearest" means."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from connectors.geo import distance_km
from connectors.models import GeoPoint, Store


@lru_cache(maxsize=8192)
def _distance(origin: GeoPoint, point: GeoPoint) -> float:
    # A listing measures the same few origins to the same stores for every product.
    return round(distance_km(origin, point), 3)


def rank_stores(
    stores: Sequence[Store], origin: GeoPoint | None, radius_km: float | None
) -> list[tuple[Store, float | None]]:
    """Nearest first within `radius_km` when an origin is given; by code otherwise
    (a radius without an origin cannot be applied and is ignored)."""
    if origin is None:
        return [(s, None) for s in sorted(stores, key=lambda s: s.code)]
    measured = [(s, _distance(origin, s.location)) for s in stores]
    if radius_km is not None:
        measured = [(s, d) for s, d in measured if d <= radius_km]
    measured.sort(key=lambda pair: (pair[1], pair[0].code))
    return [(s, d) for s, d in measured]
