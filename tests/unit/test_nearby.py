"""Stores nearest first from any origin, each origin measured against its own distances."""

from __future__ import annotations

import random

from connectors.models import Address, GeoPoint, Store
from schema.inventory.nearby import rank_stores, ranked_list

PARIS, LYON = GeoPoint(48.8566, 2.3522), GeoPoint(45.764, 4.8357)


def _store(code: str, at: GeoPoint) -> Store:
    return Store(code, code, code, Address("1 rue", "Ville", "75000", "FR"), at)


STORES = [_store("paris", PARIS), _store("lyon", LYON), _store("orleans", GeoPoint(47.9, 1.9))]


def _codes(origin: GeoPoint | None, radius_km: float | None = None) -> list[str]:
    return [store.code for store, _ in rank_stores(STORES, origin, radius_km)]


def test_nearest_first_from_each_origin_again_and_again() -> None:
    for _ in range(3):  # the second and third rankings read the distances kept
        assert _codes(PARIS) == ["paris", "orleans", "lyon"]
        assert _codes(LYON) == ["lyon", "orleans", "paris"]


def test_an_origin_equal_to_another_shares_its_distances_and_its_answer() -> None:
    assert _codes(GeoPoint(48.8566, 2.3522)) == _codes(PARIS)
    distances = dict((s.code, d) for s, d in rank_stores(STORES, GeoPoint(48.8566, 2.3522), None))
    assert distances["paris"] == 0
    assert 390 < (distances["lyon"] or 0) < 400


def test_a_radius_keeps_the_near_ones_and_no_origin_orders_by_code() -> None:
    assert _codes(PARIS, radius_km=150) == ["paris", "orleans"]
    assert _codes(None) == ["lyon", "orleans", "paris"]


def test_stores_as_near_as_each_other_go_by_code_then_as_given() -> None:
    twins = [_store("b", LYON), _store("a", LYON), _store("a", LYON), _store("c", PARIS)]
    twins[2] = Store("second-a", "a", "a", twins[2].address, LYON)
    ranked = [store.id for store, _ in rank_stores(twins, LYON, None)]
    assert ranked == ["a", "second-a", "b", "c"]


def test_a_whole_list_is_ranked_once_per_origin_and_any_subset_keeps_its_order() -> None:
    rng = random.Random(11)
    spots = [GeoPoint(45 + rng.randint(0, 6) / 2, 2 + rng.randint(0, 6) / 2) for _ in range(8)]
    stores = [_store(f"s{rng.randint(0, 9)}", rng.choice(spots)) for _ in range(40)]
    stores = [Store(f"id{i}", s.code, s.name, s.address, s.location) for i, s in enumerate(stores)]
    for origin, radius in [(PARIS, None), (LYON, 300.0), (None, None)]:
        ranking = ranked_list(stores, origin, radius)
        assert ranked_list(stores, origin, radius) is ranking, "kept for the same list"
        assert ranked_list(list(stores), origin, radius) is not ranking, "another list: anew"
        for _ in range(30):
            subset = [s for s in stores if rng.random() < 0.4]
            ids = {s.id for s in subset}
            filtered = [(s.id, d) for s, d in ranking if s.id in ids]
            assert filtered == [(s.id, d) for s, d in rank_stores(subset, origin, radius)]
