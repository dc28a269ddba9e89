"""commercetools Messages, delivered over HTTP, as canonical events.

commercetools delivers Subscriptions to queues (SQS, SNS, EventBridge, Google Pub/Sub,
Azure, Confluent), never straight to an HTTP endpoint; what reaches the gateway is pushed
by the queue or by a relay. So this instance's `webhook_secret` signs as omnicanal does
(`x-omnicanal-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, set by the relay),
and the body is a Message in the platform format, a list of them, `{"messages": [...]}`,
or a Google Pub/Sub push envelope (`{"message": {"data": <base64 Message>}}`).

Mapped: inventory entry messages (stock per supply channel, which is a store's id here),
product and price messages, order state and shipment state changes. Other types map to
nothing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from connectors.base import ConnectorEnv
from connectors.commercetools.normalise import order_status
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.events import (
    ChangeEvent,
    OrderStatusChanged,
    PriceChanged,
    ProductChanged,
    StockChanged,
)
from connectors.webhook_auth import (
    Delivery,
    WebhookMalformed,
    optional_text,
    require_object,
    verify_omnicanal_signature,
)

MAX_MESSAGES = 1000
INVENTORY_TYPES = frozenset(
    {"InventoryEntryCreated", "InventoryEntryQuantitySet", "InventoryEntryDeleted"}
)
ORDER_TYPES = frozenset({"OrderCreated", "OrderStateChanged", "OrderShipmentStateChanged"})
PRODUCT_TYPES = frozenset(
    {
        "ProductCreated", "ProductPublished", "ProductUnpublished", "ProductDeleted",
        "ProductRevertedStagedChanges", "ProductSlugChanged", "ProductVariantAdded",
        "ProductVariantDeleted", "ProductStateTransition",
    }
)  # fmt: skip
EMBEDDED_PRICE_PREFIX = "ProductPrice"  # ProductPriceAdded, ProductPriceChanged, …
STANDALONE_PRICE_PREFIX = "StandalonePrice"


class CommercetoolsWebhooks:
    def __init__(self, settings: CommercetoolsSettings, instance: str) -> None:
        self._secret = settings.webhook_secret
        self._instance = instance

    def verify(self, headers: Mapping[str, str], body: bytes) -> Delivery:
        return verify_omnicanal_signature(self._secret, headers, body)

    def events(self, payload: Any) -> Sequence[ChangeEvent]:
        messages = _messages(payload)
        mapped = [self._event(require_object(m, "a Message")) for m in messages]
        return [e for e in mapped if e is not None]

    def _event(self, message: dict[str, Any]) -> ChangeEvent | None:
        kind = str(message.get("type", ""))
        resource = require_object(message.get("resource"), "a Message's `resource`")
        resource_id = optional_text(resource, "id")
        if kind in INVENTORY_TYPES:
            return self._stock(message)
        if kind in ORDER_TYPES and resource_id:
            return self._order(message, resource_id)
        if kind in PRODUCT_TYPES:
            return ProductChanged(self._instance, resource_id, removed=kind == "ProductDeleted")
        if kind.startswith(EMBEDDED_PRICE_PREFIX):
            return PriceChanged(self._instance, product_id=resource_id)
        if kind.startswith(STANDALONE_PRICE_PREFIX):
            price = message.get("standalonePrice") or {}
            sku = _identifier(message, "sku") or optional_text(
                require_object(price, "a price"), "sku"
            )
            return PriceChanged(self._instance, skus=(sku,) if sku else ())
        return None

    def _stock(self, message: dict[str, Any]) -> StockChanged:
        entry = require_object(message.get("inventoryEntry") or {}, "`inventoryEntry`")
        sku = optional_text(message, "sku") or _identifier(message, "sku")
        sku = sku or optional_text(entry, "sku")
        if sku is None:
            raise WebhookMalformed("an inventory Message names its `sku`")
        channel = message.get("supplyChannel") or entry.get("supplyChannel") or {}
        location = optional_text(require_object(channel, "`supplyChannel`"), "id")
        quantity = message.get("newAvailableQuantity", entry.get("availableQuantity"))
        if message.get("type") == "InventoryEntryDeleted":
            quantity = 0
        if quantity is not None and (isinstance(quantity, bool) or not isinstance(quantity, int)):
            raise WebhookMalformed("an available quantity is a whole number")
        return StockChanged(self._instance, sku, location, quantity)

    def _order(self, message: dict[str, Any], order_id: str) -> OrderStatusChanged:
        order = require_object(message.get("order") or {}, "`order`")
        states = {
            "orderState": message.get("orderState") or order.get("orderState"),
            "shipmentState": message.get("shipmentState") or order.get("shipmentState"),
        }
        # A Message does not say whether the order is collected in store; a shipment that
        # is "Ready" is announced as ready for pickup (subscribers re-read the order).
        status = order_status(states, pickup=True)
        number = _identifier(message, "orderNumber") or optional_text(order, "orderNumber")
        customer = optional_text(order, "customerId")
        return OrderStatusChanged(self._instance, order_id, status.value, number, customer)


def _identifier(message: dict[str, Any], key: str) -> str | None:
    identifiers = message.get("resourceUserProvidedIdentifiers") or {}
    return optional_text(require_object(identifiers, "resourceUserProvidedIdentifiers"), key)


def _messages(payload: Any) -> list[Any]:
    if isinstance(payload, list):
        messages = payload
    elif isinstance(payload, dict) and isinstance(payload.get("messages"), list):
        messages = payload["messages"]
    elif isinstance(payload, dict) and isinstance(payload.get("message"), dict):
        messages = [_pubsub_data(payload["message"])]
    elif isinstance(payload, dict):
        messages = [payload]
    else:
        raise WebhookMalformed("a delivery is a Message, a list of them or a Pub/Sub push")
    if len(messages) > MAX_MESSAGES:
        raise WebhookMalformed(f"at most {MAX_MESSAGES} Messages per delivery")
    return messages


def _pubsub_data(envelope: dict[str, Any]) -> Any:
    try:
        return orjson.loads(base64.b64decode(str(envelope.get("data", "")), validate=True))
    except (binascii.Error, ValueError) as exc:
        raise WebhookMalformed("the Pub/Sub message data is not a base64 JSON Message") from exc


def commercetools_webhooks(
    settings: CommercetoolsSettings, env: ConnectorEnv
) -> CommercetoolsWebhooks:
    return CommercetoolsWebhooks(settings, env.instance)
