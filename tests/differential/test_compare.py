"""The comparison itself: what it catches and the little it lets through, so that a green
differential run means the executors agree, not that the comparison is blind."""

from __future__ import annotations

from typing import Any

from tests.differential.compare import Variance, differences
from tests.differential.exchange import Reply

ERROR_A: dict[str, Any] = {"message": "A", "path": ["a"], "locations": [{"line": 1, "column": 3}],
           "extensions": {"code": "UPSTREAM_UNAVAILABLE", "connector": "backoffice"}}  # fmt: skip
ERROR_B = {**ERROR_A, "message": "B", "path": ["b"]}
CART_1, CART_2 = "Q2FydDoxMjM", "Q2FydDo0NTY"  # Cart:123, Cart:456
PRODUCT = "UHJvZHVjdDpQMDAwMDAx"


def reply(body: dict[str, Any], status: int = 200) -> Reply:
    return Reply(status, {"content-type": "application/json"}, body)


def diff(a: dict[str, Any], b: dict[str, Any], variance: Variance | None = None) -> list[str]:
    return differences(reply(a), reply(b), variance or Variance())


def test_key_order_in_data_counts() -> None:
    assert diff({"data": {"a": 1, "b": 2}}, {"data": {"b": 2, "a": 1}})
    assert diff({"data": {"x": [{"a": 1, "b": 2}]}}, {"data": {"x": [{"b": 2, "a": 1}]}})


def test_values_types_nulls_and_top_level_order_count() -> None:
    assert diff({"data": {"a": 1}}, {"data": {"a": 1.0}})
    assert diff({"data": {"a": True}}, {"data": {"a": 1}})
    assert diff({"data": {"a": {"b": 1}}}, {"data": {"a": None}})
    assert diff({"errors": [ERROR_A], "data": None}, {"data": None, "errors": [ERROR_A]})
    assert differences(reply({"data": None}, 200), reply({"data": None}, 400), Variance())


def test_errors_are_a_multiset_of_whole_errors() -> None:
    assert not diff({"errors": [ERROR_A, ERROR_B]}, {"errors": [ERROR_B, ERROR_A]})
    assert diff({"errors": [ERROR_A, ERROR_A]}, {"errors": [ERROR_A, ERROR_B]})
    other_connector = {**ERROR_A, "extensions": {**ERROR_A["extensions"], "connector": "x"}}
    assert diff({"errors": [ERROR_A]}, {"errors": [other_connector]})
    assert diff({"errors": [ERROR_A]}, {"errors": [{**ERROR_A, "locations": []}]})


def test_clock_values_may_differ_by_moments_only() -> None:
    now, soon = "2026-12-02T03:12:20.129349+00:00", "2026-12-02T03:12:21.5+00:00"
    later = "2026-12-02T05:00:00+00:00"
    assert not diff({"data": {"asOf": now}}, {"data": {"asOf": soon}})
    assert diff({"data": {"asOf": now}}, {"data": {"asOf": later}})
    assert diff({"data": {"day": "2026-12-02"}}, {"data": {"day": "2026-12-03"}})


def test_stale_extensions_are_unordered() -> None:
    a = [{"path": ["a"], "asOf": "2026-12-02T03:12:20+00:00"}, {"path": ["b"], "asOf": None}]
    assert not diff({"extensions": {"stale": a}}, {"extensions": {"stale": a[::-1]}})
    assert diff(
        {"extensions": {"cost": {"actualQueryCost": 7}}},
        {"extensions": {"cost": {"actualQueryCost": 8}}},
    )


def test_generated_ids_pair_one_to_one_in_sequences_only() -> None:
    first = {"data": {"cart": {"id": CART_1}}}
    second = {"data": {"cart": {"id": CART_2}}}
    assert diff(first, second), "read-only queries name existing objects: exact"
    variance = Variance(generated=True)
    assert not diff(first, second, variance)
    assert not diff(first, second, variance), "the same pairing again"
    assert diff(first, {"data": {"cart": {"id": "Q2FydDo3ODk"}}}, variance), "not one-to-one"
    assert diff({"data": {"id": PRODUCT}}, {"data": {"id": CART_2}}, variance), "kinds differ"
    assert variance.translate({"cartId": CART_1}) == {"cartId": CART_2}
