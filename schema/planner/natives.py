"""The built-in scalars' common case, decided without calling their serializer.

A `str` for String or ID, a `bool` for Boolean, an `int` within 32 bits for Int and a finite
`float` for Float are what graphql-core's serializers answer unchanged. The planner writes
such a value as it is; anything else (another type, a value out of range) still goes
through the serializer, which converts it or raises graphql-core's own error. A README
listing completes about 700 such values, each a serializer's chain of isinstance tests."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT

_NATIVE: tuple[tuple[Any, type], ...] = (
    (GraphQLString, str),
    (GraphQLID, str),
    (GraphQLBoolean, bool),
    (GraphQLInt, int),
    (GraphQLFloat, float),
)


def native_type(leaf: Any) -> type | None:
    """The Python type a built-in scalar passes unchanged; None for any other leaf type
    (custom scalars, enums)."""
    for scalar, kind in _NATIVE:
        if leaf is scalar:
            return kind
    return None


def passes_as_is(native: type | None, value: Any) -> bool:
    """`value` is its own serialization for the scalar of `native` (see native_type)."""
    kind = type(value)
    if kind is not native:
        return False
    if kind is int:
        return bool(GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT)
    if kind is float:
        return bool(value - value == 0.0)  # finite: inf - inf and nan - nan are nan
    return True
