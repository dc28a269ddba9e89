"""The caller's grant, checked once per operation after the commerce context is final
and before any resolver runs: the channel (and store) among those the key allows, the
scopes of every field asked, the key's own cost ceiling, then its budget. Each refusal is
a request error with a code, so nothing reaches a connector."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from schema.authorization import ScopeAnalyser, missing
from schema.context import RequestContext
from schema.errors import Throttled
from schema.operations import select_operation

CHANNEL_NOT_ALLOWED = "CHANNEL_NOT_ALLOWED"
STORE_NOT_ALLOWED = "STORE_NOT_ALLOWED"
FORBIDDEN = "FORBIDDEN"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"


class AccessGuard(SchemaExtension):
    def __init__(self, analyser: ScopeAnalyser) -> None:
        self.analyser = analyser

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        context, document = ec.context, ec.graphql_document
        if isinstance(context, RequestContext) and document is not None:
            operation = select_operation(document, ec.operation_name)
            _check_context(context)
            self._check_scopes(context, ec.query, document, operation)
            _check_max_cost(context)
            await _admit(context)
        yield

    def _check_scopes(
        self,
        context: RequestContext,
        text: str | None,
        document: DocumentNode,
        operation: OperationDefinitionNode,
    ) -> None:
        granted = context.grant.scopes
        if granted is None:
            return
        lacking = missing(
            self.analyser.required(
                self.execution_context.schema._schema, text, document, operation
            ),
            granted,
        )
        if lacking:
            scope, fields = lacking[0]
            raise GraphQLError(
                f"this key lacks the scope {scope}, which {', '.join(fields)} need(s)",
                extensions={
                    "code": FORBIDDEN,
                    "scope": scope,
                    "fields": list(fields),
                    "missingScopes": [s for s, _ in lacking],
                },
            )


def _check_context(context: RequestContext) -> None:
    grant, commerce = context.grant, context.commerce
    if not grant.allows_channel(commerce.channel):
        allowed = ", ".join(c.value for c in grant.channels or ())
        who = "this key" if grant.key_id else "a call without an API key"
        raise GraphQLError(
            f"{who} may not use the channel {commerce.channel.value} (allowed: {allowed})",
            extensions={"code": CHANNEL_NOT_ALLOWED},
        )
    if grant.store is not None and commerce.store_id not in (None, grant.store):
        raise GraphQLError(
            "this key is bound to its own store", extensions={"code": STORE_NOT_ALLOWED}
        )


def _check_max_cost(context: RequestContext) -> None:
    ceiling = context.grant.max_cost
    if ceiling is not None and context.cost > ceiling:
        raise GraphQLError(
            f"the operation costs {context.cost}, above this key's maximum of {ceiling}",
            extensions={"code": QUERY_TOO_COMPLEX, "cost": context.cost, "limit": ceiling},
        )


async def _admit(context: RequestContext) -> None:
    if context.admission is None:
        return
    try:
        context.throttle = await context.admission.admit(context.cost)
    except Throttled as exc:
        extensions = {"code": exc.code, **exc.extensions}
        raise GraphQLError(exc.message, extensions=extensions) from None
