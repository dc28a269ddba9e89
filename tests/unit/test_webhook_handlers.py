"""Each connector's webhook handler: its system's signature scheme, and its documented
bodies mapped onto canonical events.

Bodies follow the vendors' documentation: Akeneo's Events API reference (`events[]` with
action, event_id, event_datetime, author, author_type, pim_source, data.resource), the
commercetools Message reference (common fields, then the type's own), Strapi's webhook
runner (`{event, createdAt, model, uid, entry}` with `X-Strapi-Event`)."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest

from connectors.akeneo.settings import AkeneoSettings
from connectors.akeneo.webhooks import AkeneoWebhooks
from connectors.base import ConnectorEnv
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.commercetools.webhooks import CommercetoolsWebhooks
from connectors.events import (
    ContentChanged,
    OrderStatusChanged,
    PriceChanged,
    ProductChanged,
    StockChanged,
    event_from_json,
    to_json,
)
from connectors.sample.settings import SampleSettings
from connectors.sample.webhooks import sample_webhooks, signed_delivery
from connectors.strapi.settings import StrapiSettings
from connectors.strapi.webhooks import StrapiWebhooks
from connectors.webhook_auth import (
    SIGNATURE_HEADER,
    WebhookMalformed,
    WebhookRefused,
    hmac_hex,
    omnicanal_signature,
)

SECRET = "3ha6eonoa9icsckw8kccos084w0c0000g08g40oo4kww0gc8w4"  # Akeneo's documented one


def refused(call: Any) -> str:
    with pytest.raises(WebhookRefused) as caught:
        call()
    return caught.value.code


# --- Akeneo -------------------------------------------------------------------------

AKENEO_BODY = orjson.dumps(
    {
        "events": [
            {
                "action": "product.updated",
                "event_id": "8bdfe74c-da2e-4bda-a2b1-b5e2a3006ea3",
                "event_datetime": "2020-10-13T08:22:48+00:00",
                "author": "julia",
                "author_type": "ui",
                "pim_source": "https://demo.akeneo.com",
                "data": {
                    "resource": {
                        "identifier": "1111111171",
                        "enabled": True,
                        "family": "clothing",
                        "categories": ["master_men_blazers"],
                        "groups": [],
                        "parent": "amor",
                        "values": {},
                    }
                },
            },
            {
                "action": "product_model.removed",
                "event_id": "2f1c2cb9-3d5a-4fb6-8e1f-a2a5a1c4d5e6",
                "event_datetime": "2020-10-13T08:23:00+00:00",
                "author": "admin",
                "author_type": "api",
                "pim_source": "https://demo.akeneo.com",
                "data": {"resource": {"code": "apollon"}},
            },
            {"action": "product.created", "data": {"resource": {"identifier": "SIMPLE-1"}}},
        ]
    }
)


def akeneo() -> AkeneoWebhooks:
    settings = AkeneoSettings(
        "https://pim.example", "id", "secret", "user", "pw", webhook_secret=SECRET
    )
    return AkeneoWebhooks(settings, "pim")


def test_akeneo_verifies_the_documented_scheme_and_maps_products() -> None:
    stamp = "1602565368"
    signature = hmac_hex(SECRET, stamp.encode() + b"." + AKENEO_BODY)
    headers = {"x-akeneo-request-signature": signature, "x-akeneo-request-timestamp": stamp}
    delivery = akeneo().verify(headers, AKENEO_BODY)
    assert (delivery.signed_at, delivery.fingerprint) == (1602565368.0, signature)
    assert list(akeneo().events(orjson.loads(AKENEO_BODY))) == [
        ProductChanged("pim", "model:amor", ("1111111171",)),
        ProductChanged("pim", "model:apollon", removed=True),
        ProductChanged("pim", "product:SIMPLE-1", ("SIMPLE-1",)),
    ]
    tampered = AKENEO_BODY.replace(b"julia", b"mallory")
    assert refused(lambda: akeneo().verify(headers, tampered)) == "SIGNATURE_INVALID"
    assert refused(lambda: akeneo().verify({}, AKENEO_BODY)) == "SIGNATURE_MISSING"
    no_time = {"x-akeneo-request-signature": signature}
    assert refused(lambda: akeneo().verify(no_time, AKENEO_BODY)) == "SIGNATURE_MISSING"


def test_akeneo_without_a_secret_takes_nothing() -> None:
    handler = AkeneoWebhooks(AkeneoSettings("https://pim.example", "i", "s", "u", "p"), "pim")
    headers = {"x-akeneo-request-signature": "00", "x-akeneo-request-timestamp": "1"}
    assert refused(lambda: handler.verify(headers, b"{}")) == "WEBHOOK_DISABLED"


# --- commercetools ------------------------------------------------------------------


def message(kind: str, resource: dict[str, str], **fields: Any) -> dict[str, Any]:
    return {
        "notificationType": "Message",
        "projectKey": "omnicanal",
        "id": "a1b2c3d4-0000-4000-8000-000000000001",
        "version": 1,
        "sequenceNumber": 2,
        "resource": resource,
        "resourceVersion": 3,
        "type": kind,
        "createdAt": "2025-10-17T09:00:00.000Z",
        "lastModifiedAt": "2025-10-17T09:00:00.000Z",
        **fields,
    }


CT_MESSAGES = [
    message(
        "InventoryEntryQuantitySet",
        {"typeId": "inventory-entry", "id": "inv-1"},
        resourceUserProvidedIdentifiers={"sku": "OC-000001"},
        oldQuantityOnStock=4,
        newQuantityOnStock=3,
        oldAvailableQuantity=4,
        newAvailableQuantity=3,
        supplyChannel={"typeId": "channel", "id": "store-paris"},
    ),
    message(
        "OrderShipmentStateChanged",
        {"typeId": "order", "id": "order-9"},
        resourceUserProvidedIdentifiers={"orderNumber": "OC-2026-000009"},
        shipmentState="Ready",
        oldShipmentState="Pending",
    ),
    message("ProductPublished", {"typeId": "product", "id": "prod-7"}, scope="All"),
    message("ProductPriceChanged", {"typeId": "product", "id": "prod-7"}, variantId=1),
    message("CustomerCreated", {"typeId": "customer", "id": "cust-1"}),
]


def commercetools() -> CommercetoolsWebhooks:
    settings = CommercetoolsSettings(
        "https://api.example", "https://auth.example", "p", "c", "s", webhook_secret=SECRET
    )
    return CommercetoolsWebhooks(settings, "commerce")


def test_commercetools_messages_map_to_stock_order_product_and_price() -> None:
    expected = [
        StockChanged("commerce", "OC-000001", "store-paris", 3),
        OrderStatusChanged("commerce", "order-9", "READY_FOR_PICKUP", "OC-2026-000009"),
        ProductChanged("commerce", "prod-7"),
        PriceChanged("commerce", product_id="prod-7"),
    ]
    assert list(commercetools().events({"messages": CT_MESSAGES})) == expected
    assert list(commercetools().events(CT_MESSAGES[0])) == expected[:1]
    data = base64.b64encode(orjson.dumps(CT_MESSAGES[1])).decode()
    pushed = {"message": {"data": data, "messageId": "1"}, "subscription": "projects/p/s"}
    assert list(commercetools().events(pushed)) == expected[1:2]
    with pytest.raises(WebhookMalformed):
        commercetools().events({"message": {"data": "%%%"}})


def test_commercetools_relay_signature() -> None:
    body = orjson.dumps(CT_MESSAGES)
    now = int(time.time())
    header = omnicanal_signature(SECRET, body, now)
    assert commercetools().verify({SIGNATURE_HEADER: header}, body).signed_at == now
    wrong = omnicanal_signature("other", body, now)
    assert refused(lambda: commercetools().verify({SIGNATURE_HEADER: wrong}, body)) == (
        "SIGNATURE_INVALID"
    )
    # Two v1 values while the secret is rotated: either may match.
    rotated = f"{wrong},v1={header.split('v1=')[1]}"
    assert commercetools().verify({SIGNATURE_HEADER: rotated}, body).signed_at == now


# --- Strapi -------------------------------------------------------------------------


def strapi_body(event: str, model: str, entry: dict[str, Any]) -> bytes:
    return orjson.dumps(
        {
            "event": event,
            "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "model": model,
            "uid": f"api::{model}.{model}",
            "entry": entry,
        }
    )


def strapi() -> StrapiWebhooks:
    return StrapiWebhooks(StrapiSettings("http://cms", "token", webhook_secret=SECRET), "cms")


def test_strapi_checks_the_bearer_and_maps_pages_and_product_content() -> None:
    page = strapi_body("entry.update", "page", {"id": 3, "documentId": "d3", "slug": "home"})
    headers = {"authorization": f"Bearer {SECRET}", "x-strapi-event": "entry.update"}
    assert abs(strapi().verify(headers, page).signed_at - time.time()) < 5
    assert list(strapi().events(orjson.loads(page))) == [
        ContentChanged("cms", page_handle="home", entry="d3")
    ]
    content = strapi_body(
        "entry.publish", "product-content", {"documentId": "x", "productId": "P1"}
    )
    assert list(strapi().events(orjson.loads(content))) == [
        ContentChanged("cms", product_id="P1", entry="x")
    ]
    other = strapi_body("entry.update", "article", {"documentId": "a", "title": "t"})
    assert list(strapi().events(orjson.loads(other))) == []
    assert refused(lambda: strapi().verify({}, page)) == "SIGNATURE_MISSING"
    wrong = {"authorization": "Bearer nope"}
    assert refused(lambda: strapi().verify(wrong, page)) == "SIGNATURE_INVALID"


# --- the sample and the canonical JSON ---------------------------------------------


async def test_the_sample_key_is_shared_through_the_data_dir(tmp_path: Path) -> None:
    async with aiohttp.ClientSession() as session:
        env = ConnectorEnv("sample", session, tmp_path)
        first, second = (
            sample_webhooks(SampleSettings(), env),
            sample_webhooks(SampleSettings(), env),
        )
        body, header = signed_delivery(
            (tmp_path / "sample-webhook.key").read_text(), [StockChanged("x", "S")], 1
        )
        assert first.verify({SIGNATURE_HEADER: header}, body).signed_at == 1
        assert second.events(orjson.loads(body)) == [StockChanged("sample", "S")]


@pytest.mark.parametrize(
    "event",
    [
        ProductChanged("a", "p", ("s1", "s2"), True),
        PriceChanged("a", ("s",)),
        StockChanged("a", "s", "l", 3),
        ContentChanged("a", page_handle="home"),
        OrderStatusChanged("a", "o", "SHIPPED", "N", "c"),
    ],
)
def test_events_round_trip_as_json(event: Any) -> None:
    assert event_from_json(orjson.loads(orjson.dumps(to_json(event)))) == event
