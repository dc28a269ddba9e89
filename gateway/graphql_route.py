"""POST /graphql, the one route that carries the load, straight to its endpoint.

Starlette would take it through its exception middleware, the router's match over every
route, the route's method check and the endpoint wrapper that looks for HTTPException
handlers: about a tenth of a `{ __typename }`'s CPU for steps that decide nothing here (the
endpoint raises no HTTPException; an unexpected error still reaches the outermost
ServerErrorMiddleware and its coded 500). Every other request goes the usual way, and so
would /graphql under a root path."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

GRAPHQL_PATH = "/graphql"
Endpoint = Callable[[Request], Awaitable[Response]]


class GraphQLPostRoute:
    def __init__(self, app: ASGIApp, endpoint: Endpoint) -> None:
        self.app = app
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == GRAPHQL_PATH
            and not scope.get("root_path")
        ):
            response = await self.endpoint(Request(scope, receive, send))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
