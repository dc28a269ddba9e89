"""The planned executor over HTTP: its rounds batch every parent of a level into one
connector call, whatever the depth the keys come from, and what it does not run goes to
the standard executor, counted."""

from __future__ import annotations

import pytest

from connectors.base import DOMAINS
from gateway.config import ConfigError, parse
from schema.analysis.executor import count_objects
from schema.planner import outcomes
from schema.policy import Executor
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient

PRODUCTS_AND_VARIANTS = """{ products(first: 12) { nodes {
  price { amount } variants { sku price { amount } availability { quantityAvailable } }
  availability { quantityAvailable } loyaltyPoints } } }"""


async def test_variants_join_their_products_round(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    data = await gateway.data(PRODUCTS_AND_VARIANTS)
    nodes = data["products"]["nodes"]
    variants = sum(len(n["variants"]) for n in nodes)
    assert variants > len(nodes), "the sample's products have several variants"
    # Products' and variants' prices in one call; stock likewise; points after prices.
    assert recorder.calls["prices"] == 1
    assert recorder.calls["stock"] == 1
    assert recorder.calls["points_for"] == 1
    assert recorder.keys["prices"] == [len({n for n in _skus(nodes)})]


def _skus(nodes: list[dict[str, object]]) -> list[str]:
    return [v["sku"] for n in nodes for v in n["variants"]]  # type: ignore[attr-defined,index]


async def test_an_introspection_query_runs_on_the_standard_executor_counted(
    gateway: GraphQLClient,
) -> None:
    before = outcomes.counts[(outcomes.STANDARD, "introspection")]
    planned = outcomes.counts[(outcomes.PLANNED, "")]
    data = await gateway.data("{ __schema { queryType { name } } }")
    assert data == {"__schema": {"queryType": {"name": "Query"}}}
    assert outcomes.counts[(outcomes.STANDARD, "introspection")] == before + 1
    await gateway.data("{ __typename }")
    assert outcomes.counts[(outcomes.PLANNED, "")] == planned + 1


def test_the_executor_is_chosen_in_the_file() -> None:
    base = {"connectors": {"s": {"kind": "sample"}}, "domains": dict.fromkeys(DOMAINS, "s")}
    assert parse(base, "(test)").schema_policy.executor is Executor.PLANNED
    chosen = parse({**base, "gateway": {"executor": "standard"}}, "(test)")
    assert chosen.schema_policy.executor is Executor.STANDARD
    with pytest.raises(ConfigError, match=r"gateway\.executor: must be one of planned, standard"):
        parse({**base, "gateway": {"executor": "fast"}}, "(test)")


async def test_the_planners_object_count_is_the_actual_cost_a_walk_would_give(
    gateway: GraphQLClient,
) -> None:
    for query in (PRODUCTS_AND_VARIANTS, '{ node(id: "UHJvZHVjdDpQMDAwMDAx") { id } }'):
        payload = await gateway.post(query)
        assert "errors" not in payload
        assert payload["extensions"]["cost"]["actualQueryCost"] == count_objects(payload["data"])


async def test_literal_arguments_kept_on_the_plan_never_leak_into_other_runs(
    gateway: GraphQLClient,
) -> None:
    literal = "{ products(first: 2) { nodes { id } } }"
    by_variable = "query($n: Int) { products(first: $n) { nodes { id } } }"
    for _ in range(2):  # the second run reads the arguments the first one kept
        assert len((await gateway.data(literal))["products"]["nodes"]) == 2
    for n in (3, 1, 4):
        data = await gateway.data(by_variable, variables={"n": n})
        assert len(data["products"]["nodes"]) == n
    near = "{ stores(near: {latitude: 48.85, longitude: 2.35}, first: 2) { id } }"
    first, second = await gateway.data(near), await gateway.data(near)
    assert first == second
    assert len(first["stores"]) == 2
