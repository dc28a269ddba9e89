"""Input types whose values cannot change once converted, so that the planner may keep a
literal argument of one on the operation's plan, converted once for every later run (as it
does for scalars and enums). `near: {latitude: 48.85, longitude: 2.35}` is in every store
search of a listing; converting it is graphql-core's value coercion and strawberry's
conversion, about a fortieth of a cached listing's CPU, on each request."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import strawberry

T = TypeVar("T")
FROZEN_INPUT = "__omnicanal_frozen_input__"


def frozen_input(cls: type[T]) -> type[T]:
    """`@strawberry.input` over a frozen dataclass: assigning a field raises
    FrozenInstanceError, so a value given to one resolver is the same for the next."""
    frozen = dataclasses.dataclass(frozen=True)(cls)
    setattr(frozen, FROZEN_INPUT, True)
    return strawberry.input(frozen)


def frozen_fields(value: Any) -> tuple[Any, ...] | None:
    """The field values of a frozen input, None for any other value."""
    if not getattr(type(value), FROZEN_INPUT, False):
        return None
    return tuple(getattr(value, f.name) for f in dataclasses.fields(value))
