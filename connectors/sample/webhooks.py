"""The sample back office's webhooks: canonical events, signed as omnicanal signs.

The body is `{"events": [<connectors.events.to_json(event)>, …]}` with
`x-omnicanal-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The secret is the
instance's `webhook_secret` or, when that is empty, a key generated in the data dir on
first use, which the gateway and the CLI on the same data dir share.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from connectors.base import ConnectorEnv
from connectors.events import ChangeEvent, MalformedEvent, event_from_json, to_json
from connectors.sample.settings import SampleSettings
from connectors.webhook_auth import (
    Delivery,
    WebhookMalformed,
    omnicanal_signature,
    require_object,
    verify_omnicanal_signature,
)

KEY_FILE = "sample-webhook.key"
MAX_EVENTS = 1000


def webhook_secret(settings: SampleSettings, data_dir: Path) -> str:
    if settings.webhook_secret:
        return settings.webhook_secret
    path = data_dir / KEY_FILE
    with contextlib.suppress(FileExistsError):
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def signed_delivery(secret: str, events: Sequence[ChangeEvent], now: int) -> tuple[bytes, str]:
    """The body and signature header value of a delivery of `events`."""
    body = orjson.dumps({"events": [to_json(e) for e in events]})
    return body, omnicanal_signature(secret, body, now)


class SampleWebhooks:
    def __init__(self, secret: str, instance: str) -> None:
        self._secret = secret
        self._instance = instance

    def verify(self, headers: Mapping[str, str], body: bytes) -> Delivery:
        return verify_omnicanal_signature(self._secret, headers, body)

    def events(self, payload: Any) -> Sequence[ChangeEvent]:
        events = require_object(payload, "a delivery").get("events")
        if not isinstance(events, list) or len(events) > MAX_EVENTS:
            raise WebhookMalformed(f"a delivery has an `events` list of at most {MAX_EVENTS}")
        try:
            parsed = [event_from_json(e) for e in events]
        except MalformedEvent as exc:
            raise WebhookMalformed(str(exc)) from exc
        # The instance the delivery was made to is the source, whatever the body says.
        return [dataclasses.replace(e, source=self._instance) for e in parsed]


def sample_webhooks(settings: SampleSettings, env: ConnectorEnv) -> SampleWebhooks:
    return SampleWebhooks(webhook_secret(settings, env.data_dir), env.instance)
