"""`POST /webhooks/{instance}`: a back office tells the gateway what changed.

The instance's connector package verifies its system's signature and maps the body onto
canonical events (`ConnectorSpec.webhooks`); here, the same for every system: the body is
capped before it is read, the signed moment must be within the replay window
(`[gateway.limits] webhook_tolerance_s`, either side of now), and a delivery seen before is
refused — in Redis when replicas share one, so a replay to another replica is refused too.
Every refusal is a coded JSON error and does nothing: 401 for anything about the
signature, 400 for a signed body that is not what the system sends, 404 for an instance
that takes no webhooks, 413 for a body over `max_body_bytes`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import orjson
from cachetools import TTLCache
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connectors.base import ConnectorEnv
from connectors.webhook_auth import Delivery, WebhookHandler, WebhookMalformed, WebhookRefused
from gateway.capped_body import BodyRefused, read_capped
from gateway.events import EventBus
from gateway.refusals import error_response
from gateway.registry import plan
from gateway.runtime import Runtime

log = logging.getLogger("omnicanal.webhooks")

SEEN_PREFIX = "omnicanal:webhook-seen:"
MAX_REMEMBERED = 100_000  # deliveries remembered in memory for the replay window


class ReplayGuard:
    """Remembers each delivery's fingerprint for the replay window: in Redis (SET NX with
    an expiry, shared by every replica) when given a client, else in this process."""

    def __init__(self, window_s: float, redis: Any = None) -> None:
        self._window_s = window_s
        self._redis = redis
        self._seen: TTLCache[str, bool] = TTLCache(MAX_REMEMBERED, ttl=window_s)

    async def first_time(self, instance: str, fingerprint: str) -> bool:
        key = f"{SEEN_PREFIX}{instance}:{fingerprint}"
        if self._redis is not None:
            try:
                stored = await self._redis.set(key, b"1", nx=True, px=int(self._window_s * 1000))
                return bool(stored)
            except Exception as exc:  # Redis down: this replica's memory still guards
                log.warning("webhooks: replay guard falls back to memory: %s", exc)
        if key in self._seen:
            return False
        self._seen[key] = True
        return True


class WebhookEndpoint:
    def __init__(
        self,
        handlers: dict[str, WebhookHandler],
        bus: EventBus,
        replay: ReplayGuard,
        tolerance_s: float,
        max_body_bytes: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._handlers = handlers
        self._bus = bus
        self._replay = replay
        self._tolerance_s = tolerance_s
        self._cap = max_body_bytes
        self._clock = clock

    async def __call__(self, request: Request) -> Response:
        instance = request.path_params["instance"]
        handler = self._handlers.get(instance)
        if handler is None:
            return error_response("WEBHOOK_NOT_FOUND", "no connector takes webhooks here", 404)
        try:
            body = await read_capped(request, self._cap)
            delivery = handler.verify(request.headers, body)
            self._check_window(delivery)
            events = handler.events(_json(body))
            if not await self._replay.first_time(instance, delivery.fingerprint):
                raise WebhookRefused("WEBHOOK_REPLAYED", "this delivery was received before")
        except WebhookRefused as refused:
            log.warning("webhook to %s refused: %s", instance, refused.code)
            return error_response(refused.code, refused.message, 401)
        except WebhookMalformed as exc:
            return error_response("WEBHOOK_MALFORMED", str(exc), 400)
        except BodyRefused as refusal:
            return refusal.response
        await self._bus.publish(events)
        log.info("webhook to %s: %d event(s)", instance, len(events))
        return JSONResponse({"accepted": len(events)})

    def _check_window(self, delivery: Delivery) -> None:
        if abs(self._clock() - delivery.signed_at) > self._tolerance_s:
            message = f"signed more than {self._tolerance_s:g} s from now: refused as a replay"
            raise WebhookRefused("SIGNATURE_EXPIRED", message)


def _json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise WebhookMalformed("the body is not JSON") from exc


def webhook_handlers(runtime: Runtime) -> dict[str, WebhookHandler]:
    """One handler per active instance whose package declares webhooks, by instance name."""
    handlers: dict[str, WebhookHandler] = {}
    for item in plan(runtime.config):
        if item.spec.webhooks is not None:
            env = ConnectorEnv(item.name, runtime.session, runtime.config.data_dir)
            handlers[item.name] = item.spec.webhooks(item.settings, env)
    return handlers
