"""Strapi 5 webhooks (Settings > Webhooks, or the admin API) as canonical events.

Strapi signs nothing: a webhook carries the headers configured on it, and `X-Strapi-Event`.
So the instance's `webhook_secret` is sent by Strapi as `Authorization: Bearer <secret>`
(the webhook's headers, or `webhooks.defaultHeaders` in config/server), compared in
constant time; the moment the replay window measures is the body's `createdAt`, which
Strapi stamps when it sends, and a delivery's fingerprint is its body's digest.

Bodies are `{event, createdAt, model, uid, entry}`; an entry with the page handle attribute
is a page, one with the product id attribute is a product's content; `media.*` may touch
any entry. Other content types are not ours: their events map to nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from connectors.base import ConnectorEnv
from connectors.events import ChangeEvent, ContentChanged
from connectors.strapi.settings import StrapiSettings
from connectors.webhook_auth import (
    Delivery,
    WebhookMalformed,
    WebhookRefused,
    optional_text,
    require_object,
    require_secret,
    same,
)

ENTRY_EVENTS = frozenset(
    {"entry.create", "entry.update", "entry.delete", "entry.publish", "entry.unpublish"}
)
MEDIA_EVENTS = frozenset({"media.create", "media.update", "media.delete"})


class StrapiWebhooks:
    def __init__(self, settings: StrapiSettings, instance: str) -> None:
        self._settings = settings
        self._instance = instance

    def verify(self, headers: Mapping[str, str], body: bytes) -> Delivery:
        secret = require_secret(self._settings.webhook_secret)
        header = headers.get("authorization")
        if not header:
            raise WebhookRefused("SIGNATURE_MISSING", "the Authorization header is missing")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not same(secret, token):
            raise WebhookRefused("SIGNATURE_INVALID", "the Authorization token does not match")
        return Delivery(_created_at(body), hashlib.sha256(body).hexdigest())

    def events(self, payload: Any) -> Sequence[ChangeEvent]:
        body = require_object(payload, "a Strapi webhook body")
        event = body.get("event")
        if event in MEDIA_EVENTS:
            return [ContentChanged(self._instance)]
        if event not in ENTRY_EVENTS:
            return []
        entry = require_object(body.get("entry"), "`entry`")
        reference = optional_text(entry, "documentId") or optional_text(entry, "id")
        handle = optional_text(entry, self._settings.handle_field)
        if handle is not None:
            return [ContentChanged(self._instance, page_handle=handle, entry=reference)]
        product_id = optional_text(entry, self._settings.product_id_field)
        if product_id is not None:
            return [ContentChanged(self._instance, product_id=product_id, entry=reference)]
        return []


def _created_at(body: bytes) -> float:
    try:
        raw = orjson.loads(body)
        moment = datetime.fromisoformat(str(raw["createdAt"]).replace("Z", "+00:00"))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise WebhookMalformed("a Strapi webhook body has a `createdAt` moment") from exc
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def strapi_webhooks(settings: StrapiSettings, env: ConnectorEnv) -> StrapiWebhooks:
    return StrapiWebhooks(settings, env.instance)
