"""The ASGI application: routes, lifespan, and nothing else."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from importlib.resources import files

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from gateway.config import GatewayConfig
from gateway.examples import graphiql_tabs
from gateway.graphql_http import error_response, handle_get, handle_post
from gateway.runtime import Runtime, start_runtime
from gateway.subscriptions import SubscriptionEndpoint

log = logging.getLogger("omnicanal")


def create_app(config: GatewayConfig) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime = await start_runtime(config)
        app.state.runtime = runtime
        app.state.subscriptions = SubscriptionEndpoint(runtime)
        try:
            yield
        finally:
            await runtime.aclose()

    graphiql_page = _graphiql_page() if config.shows(config.graphiql) else None

    async def graphql_post(request: Request) -> Response:
        return await handle_post(request, _runtime(request))

    async def graphql_get(request: Request) -> Response:
        if "query" not in request.query_params:
            if graphiql_page is not None and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(graphiql_page)
            return error_response("BAD_REQUEST", "GET needs a `query` parameter", 400)
        return await handle_get(request, _runtime(request))

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        problems = await _check(_runtime(request))
        status = 503 if problems else 200
        return JSONResponse(
            {"status": "unready" if problems else "ready", "problems": problems}, status
        )

    async def graphql_ws(websocket):  # type: ignore[no-untyped-def]
        await websocket.app.state.subscriptions(websocket.scope, websocket.receive, websocket.send)

    routes = [
        Route("/graphql", graphql_post, methods=["POST"]),
        Route("/graphql", graphql_get, methods=["GET"]),
        WebSocketRoute("/graphql", graphql_ws),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={500: _internal_error})


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _check(runtime: Runtime) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, connector in runtime.connectors.items():
        try:
            await connector.check()
        except Exception as exc:  # readiness reports every failure, whatever its kind
            problems[name] = type(exc).__name__
    return problems


def _graphiql_page() -> str:
    template = files("gateway").joinpath("static/graphiql.html").read_text()
    return template.replace("/*EXAMPLES*/[]", orjson.dumps(graphiql_tabs()).decode())


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return error_response("INTERNAL_SERVER_ERROR", "Internal server error", 500)
