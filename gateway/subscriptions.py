"""Subscriptions over WebSocket (graphql-transport-ws), served by strawberry's ASGI
handler with our request context.

Every refusal is an `error` message whose payload carries coded errors, as the protocol
describes for errors before execution. strawberry instead closes the socket (4400) on an
unknown operation, sends a bare `complete` when the parser cache raises a syntax error, and
answers an operation refused in `on_execute` as an ordinary `next` then `complete`: a
client takes each for the end of the stream."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema.schema import StreamResult
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from gateway.graphql_http import BadRequest, request_context
from gateway.runtime import Runtime
from schema.context import RequestContext
from schema.masking import code_error


class RefusedContext:
    """A connection whose headers say an invalid commerce context: each of its operations
    is answered with this error (a connection has no message to carry it before)."""

    def __init__(self, refused: BadRequest) -> None:
        self.error = GraphQLError(refused.message, extensions={"code": refused.code})


WsContext = RequestContext | RefusedContext


class CodedRefusals(BaseGraphQLTransportWSHandler[WsContext, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        refused = self.context if isinstance(self.context, RefusedContext) else None
        if refused is None or not self.connection_acknowledged:
            await super().handle_subscribe(message)
            return
        error = {"id": message["id"], "type": "error", "payload": [refused.error.formatted]}
        await self.send_message(error)  # type: ignore[arg-type]

    async def _send_result_stream(
        self, operation: Operation[WsContext, None], result_source: StreamResult
    ) -> None:
        try:
            await self._send_results(operation, result_source)
        except GraphQLError as refused:
            # The parser cache's hook raises a syntax error out of the stream itself,
            # where strawberry's handler logs a traceback and sends a bare `complete`.
            await operation.send_initial_errors([_coded(refused)])

    async def _send_results(
        self, operation: Operation[WsContext, None], result_source: StreamResult
    ) -> None:
        first = True
        async for result in result_source:
            refusal = _refusal(result) if first else None
            if refusal:
                await operation.send_initial_errors([_coded(e) for e in refusal])
                return
            if not isinstance(result, ExecutionResult):
                await self._reject_incremental_delivery(operation)
                return
            await operation.send_next(result)
            first = False


def _refusal(result: object) -> list[GraphQLError] | None:
    """The errors of a result from an operation that never ran: a pre-execution error, or
    errors with no data where none was raised by a field (those carry a path)."""
    errors: list[GraphQLError] | None = getattr(result, "errors", None)
    if not errors:
        return None
    if isinstance(result, PreExecutionError):
        return errors
    ran = getattr(result, "data", None) is not None or any(e.path is not None for e in errors)
    return None if ran else errors


def _coded(error: GraphQLError) -> GraphQLError:
    return error if "code" in (error.extensions or {}) else code_error(error)


class SubscriptionEndpoint(GraphQL[WsContext, None]):
    graphql_transport_ws_handler_class = CodedRefusals

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime.schema, graphql_ide=None, allow_queries_via_get=False)
        self._runtime = runtime

    async def get_context(self, request: Request | WebSocket, response: Any) -> WsContext:
        try:
            return await request_context(request, self._runtime)
        except BadRequest as refused:
            return RefusedContext(refused)
