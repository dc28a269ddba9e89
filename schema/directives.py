"""`@inContext`: the operation-level directive front ends know from Shopify's Storefront
API. It is declared here; CommerceContextExtension reads it before execution."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import DirectiveNode, OperationDefinitionNode, get_directive_values
from graphql.execution.values import get_variable_values
from graphql.type import GraphQLSchema
from strawberry.directive import DirectiveLocation, DirectiveValue
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from connectors.context import Channel
from schema.commerce import ContextOverrides, apply_overrides
from schema.context import RequestContext
from schema.enums import ChannelCode
from schema.operations import select_operation
from schema.scalars import CountryCode, CurrencyCode, LanguageCode

IN_CONTEXT_DESCRIPTION = """The commerce context of an operation. Every field resolves in this
context: prices, promotions, stock and content are those of this channel, country, language,
currency and store. Headers X-Omnicanal-Channel, -Country, -Language, -Currency and -Store
say the same (Accept-Language too); the directive wins. What neither says comes from
configuration. A currency follows from the country unless given."""


@strawberry.directive(
    locations=[DirectiveLocation.QUERY, DirectiveLocation.MUTATION, DirectiveLocation.SUBSCRIPTION],
    name="inContext",
    description=IN_CONTEXT_DESCRIPTION,
)
def in_context(
    value: DirectiveValue[Any],
    channel: ChannelCode | None = None,
    country: CountryCode | None = None,
    language: LanguageCode | None = None,
    currency: CurrencyCode | None = None,
    store: strawberry.ID | None = None,
) -> Any:
    return value  # operation-level: never applied to a field value


class CommerceContextExtension(SchemaExtension):
    """Folds the operation's `@inContext` arguments into the request's commerce context."""

    def on_execute(self):  # type: ignore[no-untyped-def]
        ec = self.execution_context
        context = ec.context
        # Raised before execution starts, so strawberry answers it as a request error
        # (over HTTP and WebSocket alike) and no resolver runs.
        document = ec.graphql_document
        operation = select_operation(document, _requested_name(ec)) if document else None
        if isinstance(context, RequestContext) and operation is not None:
            overrides = _read_directive(ec.schema._schema, operation, ec.variables or {})
            if overrides is not None:
                context.commerce = apply_overrides(context.commerce, overrides)
        yield


def _requested_name(ec: ExecutionContext) -> str | None:
    """The operationName the client sent: `ec.operation_name` falls back to the first
    operation's name, which would hide a missing name in a document of several."""
    name = getattr(ec, "_provided_operation_name", ec.operation_name)
    return name if isinstance(name, str) else None


def _read_directive(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> ContextOverrides | None:
    directive = schema.get_directive("inContext")
    if directive is None or not any(_is_in_context(d) for d in operation.directives or ()):
        return None
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        return None  # the executor reports the bad variables itself
    values = get_directive_values(directive, operation, coerced) or {}
    channel = values.get("channel")
    return ContextOverrides(
        channel=Channel(channel.value if isinstance(channel, Channel) else channel)
        if channel
        else None,
        country=values.get("country"),
        language=values.get("language"),
        currency=values.get("currency"),
        store=values.get("store"),
    )


def _is_in_context(node: DirectiveNode) -> bool:
    return node.name.value == "inContext"
