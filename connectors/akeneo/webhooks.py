"""Akeneo PIM Events API deliveries as canonical events.

Akeneo signs each delivery with the connection's secret: `X-Akeneo-Request-Signature` is
the hex HMAC-SHA256 of "<X-Akeneo-Request-Timestamp>.<raw body>" (the timestamp in unix
seconds). `X-Akeneo-Signature` / `X-Akeneo-Signature-Timestamp` are read as well, as some
relays name them. A delivery batches events: `{"events": [{action, event_id,
event_datetime, data: {resource}}]}`, where a product's resource has its `identifier` (its
SKU here) and, for a variant, the `parent` model's code, and a product model's has its `code`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connectors.akeneo.keys import model_id, product_id
from connectors.akeneo.settings import AkeneoSettings
from connectors.base import ConnectorEnv
from connectors.events import ChangeEvent, ProductChanged
from connectors.webhook_auth import (
    Delivery,
    WebhookMalformed,
    WebhookRefused,
    optional_text,
    require_object,
    require_secret,
    unix_seconds,
    verify_timestamped,
)

SIGNATURE_HEADERS = ("x-akeneo-request-signature", "x-akeneo-signature")
TIMESTAMP_HEADERS = ("x-akeneo-request-timestamp", "x-akeneo-signature-timestamp")
PRODUCT_ACTIONS = frozenset({"product.created", "product.updated", "product.removed"})
MODEL_ACTIONS = frozenset(
    {"product_model.created", "product_model.updated", "product_model.removed"}
)
MAX_EVENTS = 1000  # Akeneo batches at most 10 per delivery; anything far beyond is not Akeneo


class AkeneoWebhooks:
    def __init__(self, settings: AkeneoSettings, instance: str) -> None:
        self._secret = settings.webhook_secret
        self._instance = instance

    def verify(self, headers: Mapping[str, str], body: bytes) -> Delivery:
        require_secret(self._secret)
        signature = _first(headers, SIGNATURE_HEADERS)
        timestamp = _first(headers, TIMESTAMP_HEADERS)
        if not signature:
            raise WebhookRefused("SIGNATURE_MISSING", "the X-Akeneo-Request-Signature is missing")
        signed_at = unix_seconds(timestamp, "X-Akeneo-Request-Timestamp")
        verify_timestamped(self._secret, timestamp or "", body, [signature])
        return Delivery(signed_at, signature.strip().lower())

    def events(self, payload: Any) -> Sequence[ChangeEvent]:
        events = require_object(payload, "an Akeneo delivery").get("events")
        if not isinstance(events, list) or len(events) > MAX_EVENTS:
            raise WebhookMalformed("an Akeneo delivery has an `events` list")
        mapped = [self._event(require_object(e, "an Akeneo event")) for e in events]
        return [e for e in mapped if e is not None]

    def _event(self, raw: dict[str, Any]) -> ChangeEvent | None:
        action = raw.get("action")
        data = require_object(raw.get("data"), "an Akeneo event's `data`")
        resource = require_object(data.get("resource"), "an Akeneo event's resource")
        removed = str(action).endswith(".removed")
        if action in PRODUCT_ACTIONS:
            identifier = optional_text(resource, "identifier")
            if identifier is None:
                raise WebhookMalformed("a product event names its `identifier`")
            parent = optional_text(resource, "parent")
            owner = model_id(parent) if parent else product_id(identifier)
            return ProductChanged(self._instance, owner, (identifier,), removed)
        if action in MODEL_ACTIONS:
            code = optional_text(resource, "code")
            if code is None:
                raise WebhookMalformed("a product model event names its `code`")
            return ProductChanged(self._instance, model_id(code), removed=removed)
        return None  # an action this gateway does not serve (e.g. a future one)


def _first(headers: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    return next((headers[n] for n in names if headers.get(n)), None)


def akeneo_webhooks(settings: AkeneoSettings, env: ConnectorEnv) -> AkeneoWebhooks:
    return AkeneoWebhooks(settings, env.instance)
