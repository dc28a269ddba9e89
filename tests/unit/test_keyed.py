from __future__ import annotations

from connectors.keyed import in_key_order


def test_from_a_mapping_by_value_with_none_for_missing() -> None:
    assert in_key_order(["b", "x", "a", "b"], {"a": 1, "b": 2}) == [2, None, 1, 2]


def test_from_results_that_name_their_keys() -> None:
    found = [("p1", ["s1", "s2"]), ("p2", ["s3"]), ("p3", ["s1"])]
    result = in_key_order(["s3", "s1", "zz", "s2"], found, lambda item: item[1])
    assert [r[0] if r else None for r in result] == ["p2", "p1", None, "p1"]


def test_no_keys_no_results() -> None:
    assert in_key_order([], {"a": 1}) == []
