"""Ordering stores by distance: the one place that decides what "nearest" means."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.geo import distance_km
from connectors.models import GeoPoint, Store


def rank_stores(
    stores: Sequence[Store], origin: GeoPoint | None, radius_km: float | None
) -> list[tuple[Store, float | None]]:
    """Nearest first within `radius_km` when an origin is given; by code otherwise
    (a radius without an origin cannot be applied and is ignored)."""
    if origin is None:
        return [(s, None) for s in sorted(stores, key=lambda s: s.code)]
    measured = [(s, round(distance_km(origin, s.location), 3)) for s in stores]
    if radius_km is not None:
        measured = [(s, d) for s, d in measured if d <= radius_km]
    measured.sort(key=lambda pair: (pair[1], pair[0].code))
    return [(s, d) for s, d in measured]
