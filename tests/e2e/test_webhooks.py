"""`POST /webhooks/{instance}` on a real gateway: a signed event purges what it names (the
next read reaches the back office again), and every refused delivery — no signature, a
wrong one, a tampered body, outside the replay window, a replay — is a coded 401 that
purges nothing (the next read is still answered from the cache)."""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pytest

from connectors.base import DOMAINS
from connectors.events import ContentChanged, StockChanged
from connectors.sample.webhooks import SampleWebhooks, signed_delivery
from connectors.webhook_auth import SIGNATURE_HEADER, omnicanal_signature
from gateway.config import GatewayConfig, InstanceConfig, embedded_default
from tests.support.instrumented import INSTRUMENTED, Recorder
from tests.support.server import GraphQLClient, running_gateway

SECRET = "webhook-test-secret-0123456789abcdef"
INSTANCE = "backoffice"
PAGE = 'query { page(handle: "home") { title } }'
# The instrumented sample (it counts SPI calls below the cache), taking webhooks.
COUNTING = dataclasses.replace(
    INSTRUMENTED, webhooks=lambda settings, env: SampleWebhooks(SECRET, env.instance)
)


def counting_config(data_dir: Path) -> GatewayConfig:
    settings = {"database": str(data_dir / "sample.db")}
    kind = "tests.e2e.test_webhooks:COUNTING"
    return GatewayConfig(
        source="(tests)",
        defaults=embedded_default(data_dir).defaults,
        data_dir=data_dir,
        instances={INSTANCE: InstanceConfig(INSTANCE, kind, settings)},
        domains={d: INSTANCE for d in DOMAINS},
        cache=True,
    )


@pytest.fixture
async def cached(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    async with running_gateway(counting_config(own_sample_dir)) as client:
        yield client


async def post(
    client: GraphQLClient, body: bytes, headers: dict[str, str], instance: str = INSTANCE
) -> tuple[int, dict[str, object]]:
    sent = {"content-type": "application/json", **headers}
    url = f"{client.base_url}/webhooks/{instance}"
    async with client.session.post(url, data=io.BytesIO(body), headers=sent) as response:
        assert response.content_type == "application/json"
        return response.status, await response.json()


def code(payload: dict[str, object]) -> str:
    errors = payload["errors"]
    assert isinstance(errors, list)
    return str(errors[0]["extensions"]["code"])


def home_changed(at: int | None = None, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body, signature = signed_delivery(
        secret, [ContentChanged("anyone", page_handle="home")], at or int(time.time())
    )
    return body, {SIGNATURE_HEADER: signature}


async def page_reads(client: GraphQLClient, recorder: Recorder) -> int:
    await client.data(PAGE)
    return recorder.calls["pages"]


async def test_a_signed_event_purges_what_it_names(
    cached: GraphQLClient, recorder: Recorder
) -> None:
    assert await page_reads(cached, recorder) == 1
    assert await page_reads(cached, recorder) == 1  # cached
    status, payload = await post(cached, *home_changed())
    assert (status, payload) == (200, {"accepted": 1})
    assert await page_reads(cached, recorder) == 2  # purged: read again
    assert await page_reads(cached, recorder) == 2


def _refusals() -> list[tuple[str, bytes, dict[str, str], str]]:
    body, headers = home_changed()
    now = int(time.time())
    tampered = body.replace(b"home", b"cgv!")
    return [
        ("no signature", body, {}, "SIGNATURE_MISSING"),
        ("wrong secret", *home_changed(secret="not-the-secret"), "SIGNATURE_INVALID"),
        ("tampered body", tampered, headers, "SIGNATURE_INVALID"),
        ("garbage header", body, {SIGNATURE_HEADER: "v1=zz"}, "SIGNATURE_INVALID"),
        ("not a time", body, {SIGNATURE_HEADER: "t=soon,v1=00"}, "SIGNATURE_INVALID"),
        ("expired", *home_changed(at=now - 301), "SIGNATURE_EXPIRED"),
        ("from the future", *home_changed(at=now + 301), "SIGNATURE_EXPIRED"),
    ]


async def test_refused_deliveries_are_coded_401s_that_purge_nothing(
    cached: GraphQLClient, recorder: Recorder
) -> None:
    assert await page_reads(cached, recorder) == 1
    for label, body, headers, expected in _refusals():
        status, payload = await post(cached, body, headers)
        assert (status, code(payload)) == (401, expected), label
    assert await page_reads(cached, recorder) == 1  # still the cached page


async def test_a_replayed_delivery_is_refused(cached: GraphQLClient, recorder: Recorder) -> None:
    delivery = home_changed()
    await page_reads(cached, recorder)
    assert (await post(cached, *delivery))[0] == 200
    assert await page_reads(cached, recorder) == 2
    status, payload = await post(cached, *delivery)
    assert (status, code(payload)) == (401, "WEBHOOK_REPLAYED")
    assert await page_reads(cached, recorder) == 2  # the replay purged nothing


async def test_malformed_oversized_and_unknown_are_refused(
    cached: GraphQLClient, recorder: Recorder
) -> None:
    now = int(time.time())
    await page_reads(cached, recorder)

    def signed(body: bytes) -> tuple[bytes, dict[str, str]]:
        return body, {SIGNATURE_HEADER: omnicanal_signature(SECRET, body, now)}

    for body in (b"{not json", b'{"events": [{"type": "Nope"}]}', b'{"events": 3}', b"[]"):
        status, payload = await post(cached, *signed(body))
        assert (status, code(payload)) == (400, "WEBHOOK_MALFORMED"), body
    huge = orjson.dumps({"events": [], "pad": "x" * (1 << 20)})
    status, payload = await post(cached, *signed(huge))
    assert (status, code(payload)) == (413, "PAYLOAD_TOO_LARGE")
    status, payload = await post(cached, *home_changed(), instance="elsewhere")
    assert (status, code(payload)) == (404, "WEBHOOK_NOT_FOUND")
    assert await page_reads(cached, recorder) == 1


async def test_a_stock_event_purges_that_sku_not_the_rest(
    cached: GraphQLClient, recorder: Recorder
) -> None:
    stock = 'query { product(sku: "OC-000001") { variants { availability { availableForSale } } } }'
    await cached.data(stock)
    await cached.data(PAGE)
    before = dict(recorder.calls)
    body, signature = signed_delivery(SECRET, [StockChanged("x", "OC-000001")], int(time.time()))
    assert (await post(cached, body, {SIGNATURE_HEADER: signature}))[0] == 200
    await cached.data(stock)
    await cached.data(PAGE)
    assert recorder.calls["stock"] == before["stock"] + 1
    assert recorder.calls["pages"] == before["pages"]  # content untouched
