"""The ASGI application: routes, lifespan, and nothing else."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from gateway import metrics
from gateway.browser import cors_middleware, refuse_websocket, websocket_origin_allowed
from gateway.config import GatewayConfig
from gateway.csrf import csrf_refusal, csrf_refusal_for_get
from gateway.event_wiring import event_routes, start_events
from gateway.gc_tuning import tuned_collector
from gateway.graphiql import graphiql_assets, graphiql_page
from gateway.graphql_http import error_response, handle_get, handle_post
from gateway.graphql_route import GraphQLPostRoute
from gateway.log_buffer import flushing
from gateway.log_setup import configure_logging, gateway_handler
from gateway.modes import check_mode
from gateway.persisted import names_document
from gateway.readiness import Readiness
from gateway.request_log import RequestObserver
from gateway.runtime import Runtime, start_runtime
from gateway.storefront import storefront
from gateway.subscriptions import SubscriptionEndpoint
from gateway.tracing import configure_tracing

log = logging.getLogger("omnicanal")


def create_app(config: GatewayConfig) -> Starlette:
    check_mode(config)
    configure_logging(config.observe)
    configure_tracing()  # OpenTelemetry, when the otel extra and an OTLP endpoint are set
    metrics.install()  # the connector floor's observer: before any connector is built

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime = await start_runtime(config)
        app.state.runtime = runtime
        subscriptions = SubscriptionEndpoint(runtime)
        # graphql_ws below admits or refuses the origin (gateway/browser.py, the CORS list)
        # before an upgrade reaches strawberry, whose own list would refuse every other one.
        subscriptions.allowed_origins = frozenset({"*"})
        subscriptions.max_subscriptions_per_connection = (
            config.edge.max_subscriptions_per_connection
        )
        app.state.subscriptions = subscriptions
        # Before any request: it hands the event bus to the schema (runtime.backends).
        events = await start_events(runtime)
        app.state.events = events
        readiness = Readiness(runtime.connectors, config.resilience.readiness)
        app.state.readiness = readiness
        try:
            await readiness.start()
            async with flushing(gateway_handler()):  # the log's buffered lines
                with tuned_collector():  # last: everything start-up built is alive by now
                    yield
        finally:
            await readiness.aclose()
            await events.aclose()
            await runtime.aclose()
            metrics.worker_stopped()

    graphiql = graphiql_page() if config.shows(config.graphiql) else None

    async def graphql_post(request: Request) -> Response:
        if refusal := csrf_refusal(request.headers):
            return refusal
        return await handle_post(request, _runtime(request))

    async def graphql_get(request: Request) -> Response:
        if not names_document(request.query_params):
            if graphiql is not None and "text/html" in request.headers.get("accept", ""):
                return graphiql.response()
            return error_response("BAD_REQUEST", "GET needs a `query` or `documentId`", 400)
        if refusal := csrf_refusal_for_get(request.headers, request.query_params):
            return refusal
        return await handle_get(request, _runtime(request))

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        # The last background results: never waits on an upstream.
        readiness: Readiness = request.app.state.readiness
        ready, report = readiness.report()
        return JSONResponse(report, 200 if ready else 503)

    async def graphql_ws(websocket):  # type: ignore[no-untyped-def]
        if not websocket_origin_allowed(websocket.headers, config):
            await refuse_websocket(websocket)
            return
        await websocket.app.state.subscriptions(websocket.scope, websocket.receive, websocket.send)

    routes = [
        Route("/graphql", graphql_post, methods=["POST"]),
        Route("/graphql", graphql_get, methods=["GET"]),
        WebSocketRoute("/graphql", graphql_ws),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        *([Route("/metrics", metrics.exposition)] if config.shows(config.observe.metrics) else []),
        *event_routes(),
    ]
    if graphiql is not None:
        routes.append(graphiql_assets())
        routes.append(storefront())  # the reference storefront: shown when GraphiQL is
    return Starlette(
        routes=routes,
        # Outermost: every response, a CORS refusal included, carries the request id.
        middleware=[
            Middleware(RequestObserver),
            cors_middleware(config),
            Middleware(GraphQLPostRoute, endpoint=graphql_post),  # the Route below is for the rest
        ],
        lifespan=lifespan,
        exception_handlers={500: _internal_error},
    )


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return error_response("INTERNAL_SERVER_ERROR", "Internal server error", 500)
