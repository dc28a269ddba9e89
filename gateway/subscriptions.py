"""Subscriptions over WebSocket (graphql-transport-ws), served by strawberry's ASGI
handler with our request context."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.graphql_http import request_context
from gateway.runtime import Runtime
from schema.context import RequestContext


class SubscriptionEndpoint(GraphQL[RequestContext, None]):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime.schema, graphql_ide=None, allow_queries_via_get=False)
        self._runtime = runtime

    async def get_context(self, request: Request | WebSocket, response: Any) -> RequestContext:
        return request_context(request, self._runtime)
