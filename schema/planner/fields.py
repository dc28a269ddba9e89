"""How the planner gets one field's value from its parent, decided once per field
definition: the parent's attribute, a call of the strawberry resolver's own function, a
batch declared with `@batched`, or `__typename`. Anything else (field extensions,
introspection) is unsupported and sends the operation to the standard executor."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLField
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from schema.planner.batch import BatchField, batch_field_of

STRAWBERRY_FIELD = "strawberry-definition"


class Kind(enum.Enum):
    TYPENAME = "typename"
    ATTRIBUTE = "attribute"
    CALL = "call"
    BATCH = "batch"


@dataclass(frozen=True, slots=True)
class Resolution:
    kind: Kind
    attribute: str = ""
    function: Callable[..., Any] | None = None
    wants_self: bool = False
    info_name: str | None = None
    source_names: tuple[str, ...] = ()  # `root` / `parent` parameters get the parent too
    arguments: tuple[StrawberryArgument, ...] = ()
    is_async: bool = False
    batch: BatchField | None = None

    @property
    def self_only(self) -> bool:
        """A synchronous method of the parent taking nothing else."""
        plain = not (self.info_name or self.source_names or self.arguments or self.is_async)
        return self.kind is Kind.CALL and self.wants_self and plain


TYPENAME = Resolution(Kind.TYPENAME)


class Unsupported(Exception):
    """Why the planner cannot run an operation; its message is the fallback's reason."""


def resolution_of(name: str, field_def: GraphQLField) -> Resolution:
    if name == "__typename":
        return TYPENAME
    field = field_def.extensions.get(STRAWBERRY_FIELD) if field_def.extensions else None
    if not isinstance(field, StrawberryField):
        raise Unsupported("introspection" if name.startswith("__") else "foreign-field")
    if field.extensions:
        raise Unsupported("field-extensions")
    resolver = field.base_resolver
    if resolver is None:
        return Resolution(Kind.ATTRIBUTE, attribute=field.python_name)
    batch = batch_field_of(resolver.wrapped_func)
    if batch is not None:
        return Resolution(Kind.BATCH, batch=batch, arguments=tuple(field.arguments))
    info = resolver.info_parameter
    sources = tuple(p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p)
    function = resolver.wrapped_func
    if isinstance(function, staticmethod | classmethod):
        raise Unsupported("method-descriptor")
    return Resolution(
        Kind.CALL,
        function=function,
        wants_self=resolver.self_parameter is not None,
        info_name=info.name if info else None,
        source_names=sources,
        arguments=tuple(field.arguments),
        is_async=resolver.is_async,
    )
