"""The `[gateway]` resilience keys: defaults, a file's values, and a wrong value refused
at start-up naming its key."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.config import ConfigError, parse

BASE: dict[str, Any] = {
    "connectors": {"sample": {"kind": "sample"}},
    "domains": {
        d: "sample" for d in ("catalog", "pricing", "inventory", "content", "orders", "loyalty")
    },
}


def with_gateway(**gateway: Any) -> dict[str, Any]:
    return {**BASE, "gateway": gateway}


def test_defaults() -> None:
    resilience = parse(BASE, "f").resilience
    assert (resilience.request_timeout_ms, resilience.mutation_timeout_ms) == (3000, 10_000)
    assert resilience.breaker.consecutive_failures == 5
    assert resilience.retry_budget.ratio == 0.1
    assert resilience.readiness.timeout_s == 2.0


def test_a_query_gets_its_deadline_and_a_mutation_the_longer_one() -> None:
    resilience = parse(
        with_gateway(request_timeout_ms=1000, mutation_timeout_ms=4000), "f"
    ).resilience
    assert resilience.deadline_s("{ products { totalCount } }", allow_mutation=True) == 0.95
    assert resilience.deadline_s("mutation { cartCreate { cart { id } } }", True) == 3.95
    assert resilience.deadline_s("mutation { x }", allow_mutation=False) == 0.95, "GET: a query"


def test_tables_are_read() -> None:
    raw = with_gateway(
        breaker={"consecutive_failures": 3, "cooldown_s": 1.5},
        retry_budget={"ratio": 0.2, "min_retries": 0},
        readiness={"interval_s": 1},
    )
    resilience = parse(raw, "f").resilience
    assert (resilience.breaker.consecutive_failures, resilience.breaker.cooldown_s) == (3, 1.5)
    assert (resilience.retry_budget.ratio, resilience.retry_budget.min_retries) == (0.2, 0)
    assert resilience.readiness.interval_s == 1.0


@pytest.mark.parametrize(
    ("gateway", "key"),
    [
        ({"request_timeout_ms": 0}, "gateway.request_timeout_ms"),
        ({"request_timeout_ms": "3s"}, "gateway.request_timeout_ms"),
        ({"breaker": {"consecutive_failures": 0}}, "gateway.breaker.consecutive_failures"),
        ({"breaker": {"trip": 1}}, "gateway.breaker.trip"),
        ({"breaker": 5}, "gateway.breaker"),
        ({"retry_budget": {"ratio": 1.5}}, "gateway.retry_budget.ratio"),
        ({"readiness": {"interval_s": 0}}, "gateway.readiness.interval_s"),
        ({"readiness": {"timeout_s": True}}, "gateway.readiness.timeout_s"),
    ],
)
def test_a_wrong_value_names_its_key(gateway: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse(with_gateway(**gateway), "f")
