"""The planner's plans: compiled once per operation and per value of the Boolean variables
(all @skip/@include can read), eagerly over abstract types, and refused, with a reason the
metrics count, for what it does not run."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse
from graphql.execution.collect_fields import FragmentDetails
from graphql.execution.values import get_variable_values
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode

from schema.build import build_schema
from schema.planner.fields import Unsupported
from schema.planner.plan import Compiler, PlanCache, Shape

SCHEMA = build_schema()._schema


def compiler(query: str, variables: dict[str, Any] | None = None) -> Compiler:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: FragmentDetails(d)
        for d in document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(SCHEMA, operation.variable_definitions or (), variables or {})
    assert not isinstance(coerced, list), coerced
    return Compiler(SCHEMA, fragments, coerced, operation, False)


def test_an_operation_compiles_once_then_comes_from_the_cache() -> None:
    cache = PlanCache()
    query = "query($first: Int) { products(first: $first) { nodes { title } } }"
    first = cache.get(compiler(query, {"first": 3}))
    assert cache.get(compiler(query, {"first": 50})) is first, "arguments are read per run"


def test_the_values_of_boolean_variables_choose_the_plan() -> None:
    cache = PlanCache()
    query = "query($v: Boolean!) { products { nodes { title variants @include(if: $v) { sku } } } }"
    with_variants = cache.get(compiler(query, {"v": True}))
    without = cache.get(compiler(query, {"v": False}))
    assert with_variants is not without
    node_fields = lambda plan: [  # noqa: E731
        f.key
        for f in plan.root.fields[0]
        .children["ProductConnection"]
        .fields[0]
        .children["Product"]
        .fields
    ]
    assert node_fields(with_variants) == ["title", "variants"]
    assert node_fields(without) == ["title"]


def test_an_abstract_field_is_planned_for_every_possible_type() -> None:
    plan = compiler('{ node(id: "x") { id ... on Product { title } } }').compile()
    node = plan.root.fields[0]
    assert node.shape is Shape.ABSTRACT
    assert {"Product", "Category", "Store", "Page"} <= set(node.children)
    assert [f.key for f in node.children["Product"].fields] == ["id", "title"]
    assert [f.key for f in node.children["Store"].fields] == ["id"]


def test_shapes_are_decided_once_per_field() -> None:
    query = "{ products { totalCount nodes { title variants { sku } categories { id } } } }"
    products = compiler(query).compile().root.fields[0]
    assert products.shape is Shape.OBJECT
    connection = products.children["ProductConnection"]
    shapes = {f.key: f.shape for f in connection.fields}
    assert shapes == {"totalCount": Shape.LEAF, "nodes": Shape.OBJECT_LIST}
    product = connection.fields[1].children["Product"]
    title = product.fields[0]
    assert title.scalar_getter is not None, "a method over the model is read inline"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("{ __schema { queryType { name } } }", "introspection"),
        ('{ __type(name: "Product") { name } }', "introspection"),
        ('subscription { orderStatusChanged(orderId: "1") { status } }', "subscription"),
    ],
)
def test_what_the_planner_does_not_run_is_refused_with_its_reason(query: str, reason: str) -> None:
    cache = PlanCache()
    with pytest.raises(Unsupported, match=reason):
        cache.get(compiler(query))
    with pytest.raises(Unsupported, match=reason):  # remembered, not compiled again
        cache.get(compiler(query))


def test_arguments_written_as_literals_are_marked_constant_for_the_plan() -> None:
    query = """query($n: Int, $lat: Float!) {
      literal: products(first: 3) { totalCount }
      defaults: products { totalCount }
      variable: products(first: $n) { totalCount }
      nested: stores(near: {latitude: $lat, longitude: 2.3}) { id }
    }"""
    fields = {f.key: f for f in compiler(query, {"n": 2, "lat": 48.8}).compile().root.fields}
    assert fields["literal"].literal_arguments
    assert fields["defaults"].literal_arguments
    assert not fields["variable"].literal_arguments
    assert not fields["nested"].literal_arguments, "a variable inside an input object"


def test_only_immutable_converted_arguments_are_kept_across_runs() -> None:
    from decimal import Decimal

    from schema.enums import ChannelCode
    from schema.planner.run import _immutable

    immutable = [3, "x", None, True, 1.5, Decimal("2"), ("a", 1), ChannelCode.WEB]
    assert all(map(_immutable, immutable))
    assert not _immutable(["a"]), "a list a resolver could change"
    assert not _immutable({"latitude": 1.0})
    assert not _immutable(("a", ["b"]))


def test_a_frozen_input_is_kept_across_runs_and_cannot_be_changed() -> None:
    import dataclasses

    import strawberry

    from schema.common import GeoPointInput
    from schema.planner.frozen import frozen_input
    from schema.planner.run import _immutable

    near = GeoPointInput(latitude=48.85, longitude=2.35)
    assert _immutable(near)
    with pytest.raises(dataclasses.FrozenInstanceError):
        near.latitude = 0.0  # type: ignore[misc]

    @strawberry.input
    class Mutable:
        latitude: float

    assert not _immutable(Mutable(latitude=1.0)), "an input object a resolver could change"

    @frozen_input
    class Holding:
        points: list[float]

    assert not _immutable(Holding(points=[1.0])), "frozen, but it holds a list"


def test_each_object_plan_knows_its_strawberry_class() -> None:
    from schema.catalog.types import Product
    from schema.query import Query

    plan = compiler("{ products(first: 1) { nodes { title } } }").compile()
    nodes = plan.root.fields[0].children["ProductConnection"].fields[0]
    assert plan.root.origin is Query
    assert nodes.children["Product"].origin is Product
