"""Change events in the app: the bus started with the runtime and handed to the schema
(`Backends.events`) and to connectors that tell of their own writes, and the two routes
that use it: `POST /webhooks/{instance}` and `GET|POST /graphql/stream` (SSE)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connectors.events import EmitsEvents
from gateway.events import EventBus
from gateway.runtime import Runtime
from gateway.sse import StreamEndpoint
from gateway.webhooks import ReplayGuard, WebhookEndpoint, webhook_handlers


@dataclass(slots=True)
class EventServices:
    bus: EventBus
    webhooks: WebhookEndpoint
    streams: StreamEndpoint

    async def aclose(self) -> None:
        await self.bus.aclose()


async def start_events(runtime: Runtime) -> EventServices:
    config = runtime.config
    edge = config.edge
    bus = EventBus(runtime.caches, config.access.redis_url, edge.max_subscriptions)
    await bus.start()
    runtime.backends = replace(runtime.backends, events=bus)
    for connector in runtime.connectors.values():
        if isinstance(connector, EmitsEvents):
            connector.on_events(bus.emit)
    # A delivery is remembered for both sides of the window it may be accepted in.
    replay = ReplayGuard(2 * edge.webhook_tolerance_s, bus.redis)
    webhooks = WebhookEndpoint(
        webhook_handlers(runtime), bus, replay, edge.webhook_tolerance_s, edge.max_body_bytes
    )
    return EventServices(bus, webhooks, StreamEndpoint(runtime))


def event_routes() -> list[Route]:
    async def webhook(request: Request) -> Response:
        services: EventServices = request.app.state.events
        return await services.webhooks(request)

    async def stream(request: Request) -> Response:
        services: EventServices = request.app.state.events
        return await services.streams(request)

    return [
        Route("/webhooks/{instance}", webhook, methods=["POST"]),
        Route("/graphql/stream", stream, methods=["GET", "POST"]),
    ]
