"""How a field of the schema is charged, worked out once per (type, field) from the schema
and the weights table, so that the walk over a document only looks it up."""

from __future__ import annotations

from typing import Literal, NamedTuple

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    get_named_type,
    is_composite_type,
)

from schema.analysis import weights

Kind = Literal["free", "object", "connection", "list"]


class FieldPlan(NamedTuple):
    target: GraphQLNamedType | None  # the composite type its selection is on, if any
    kind: Kind
    weight: int
    size_argument: str | None  # read the size from this argument…
    length: bool  # …as a list's length rather than an integer
    size: int  # the size when the argument is absent or null, or when there is none


UNKNOWN = FieldPlan(None, "free", 0, None, False, 0)


def plan_field(parent: GraphQLNamedType, name: str, definition: GraphQLField) -> FieldPlan:
    named = get_named_type(definition.type)
    target = named if is_composite_type(named) else None
    key = f"{parent.name}.{name}"
    if target is None or weights.is_introspection(parent.name, name):
        return FieldPlan(target, "free", 0, None, False, 0)
    weight = weights.FIELD_WEIGHTS.get(key, weights.OBJECT_WEIGHT)
    listed = _is_list(definition)
    if weights.is_connection(named.name) and not listed:
        return _sized(target, "connection", weight, definition, weights.DEFAULT_LIST_SIZE)
    if not listed:
        return FieldPlan(target, "object", weight, None, False, 0)
    declared = weights.LIST_SIZES.get(key, weights.DEFAULT_LIST_SIZE)
    if weights.PAGE_ARGUMENT in definition.args:
        return _sized(target, "list", weight, definition, declared)
    if key in weights.LENGTH_ARGUMENTS:
        argument = weights.LENGTH_ARGUMENTS[key]
        return FieldPlan(target, "list", weight, argument, True, weights.DEFAULT_LIST_SIZE)
    size = 1 if weights.is_connection(parent.name) else declared
    return FieldPlan(target, "list", weight, None, False, size)


def _sized(
    target: GraphQLNamedType, kind: Kind, weight: int, definition: GraphQLField, otherwise: int
) -> FieldPlan:
    default = definition.args[weights.PAGE_ARGUMENT].default_value
    size = default if isinstance(default, int) and default >= 0 else otherwise
    return FieldPlan(target, kind, weight, weights.PAGE_ARGUMENT, False, size)


def _is_list(definition: GraphQLField) -> bool:
    type_ = definition.type
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)
