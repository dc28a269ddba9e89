"""A value the planner writes as it is is exactly what graphql-core's serializer answers
for it; everything else is left to the serializer (which converts it, or raises)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLString,
    is_leaf_type,
)
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT

from schema.planner.natives import native_type, passes_as_is

SCALARS = [GraphQLString, GraphQLID, GraphQLBoolean, GraphQLInt, GraphQLFloat]
VALUES: list[Any] = [
    "", "text", "12", True, False, 0, 1, -1, GRAPHQL_MAX_INT, GRAPHQL_MAX_INT + 1,
    GRAPHQL_MIN_INT, GRAPHQL_MIN_INT - 1, 2**70, 0.0, 1.5, -2.25, 3.0, math.inf, -math.inf,
    math.nan, Decimal("1.5"), b"bytes", ["list"],
]  # fmt: skip


@pytest.mark.parametrize("scalar", SCALARS, ids=lambda s: s.name)
def test_what_passes_as_is_is_what_the_serializer_answers(scalar: Any) -> None:
    native = native_type(scalar)
    assert native is not None
    passed = 0
    for value in VALUES:
        if passes_as_is(native, value):
            passed += 1
            answer = scalar.coerce_output_value(value)
            assert answer == value, (scalar.name, value)
            assert type(answer) is type(value), (scalar.name, value)
    assert passed, "the common case does pass"


def test_what_does_not_pass_is_left_to_the_serializer() -> None:
    assert not passes_as_is(int, True), "a bool for Int is converted (to 1)"
    assert not passes_as_is(int, GRAPHQL_MAX_INT + 1), "out of 32 bits: the serializer refuses"
    assert not passes_as_is(float, math.inf)
    assert not passes_as_is(float, math.nan)
    assert not passes_as_is(str, 12), "an int for String is converted"
    assert not passes_as_is(float, 3), "an int for Float is converted"


def test_custom_scalars_and_enums_always_use_their_serializer() -> None:
    from schema.build import build_schema

    schema = build_schema()._schema
    builtins = {scalar.name for scalar in SCALARS}
    others = [t for name, t in schema.type_map.items() if is_leaf_type(t) and name not in builtins]
    assert {"Decimal", "DateTime", "CurrencyCode"} <= {t.name for t in others}
    assert any(isinstance(t, GraphQLEnumType) for t in others)
    for leaf in others:
        assert native_type(leaf) is None, leaf.name
