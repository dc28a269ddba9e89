"""OpenTelemetry traces (the `otel` extra): a server span per operation continuing the
client's W3C traceparent, with its name, type, cost and channel and nothing personal; a
client span per connector call below it (instance, method, batch size, error code); the
traceparent passed on to upstream HTTP requests. Tested with the SDK's in-memory exporter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from connectors.http import UpstreamClient
from gateway import tracing
from tests.conftest import instrumented_config
from tests.support.server import running_gateway

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
QUERY = "query Shelf($first: Int) { products(first: $first) { nodes { title price { amount } } } }"
VARIABLES = {"first": 3}


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use(provider)
    try:
        yield exporter
    finally:
        tracing.stop()


async def test_an_operation_and_its_connector_calls_are_traced(
    spans: InMemorySpanExporter, sample_dir: Path
) -> None:
    async with running_gateway(instrumented_config(sample_dir)) as client:
        payload = await client.post(QUERY, VARIABLES, headers={"traceparent": TRACEPARENT})
    assert "errors" not in payload
    finished = spans.get_finished_spans()
    (operation,) = [s for s in finished if s.name == "graphql Shelf"]
    assert format(operation.context.trace_id, "032x") == TRACE_ID, "the client's trace goes on"
    assert operation.kind is trace.SpanKind.SERVER
    assert dict(operation.attributes or {}) == {
        "graphql.operation.type": "query",
        "graphql.operation.name": "Shelf",
        "omnicanal.cost": payload["extensions"]["cost"]["requestedQueryCost"],
        "omnicanal.channel": "WEB",
    }
    calls = {s.name: s for s in finished if s.kind is trace.SpanKind.CLIENT}
    assert set(calls) == {"backoffice search", "backoffice prices"}
    prices = calls["backoffice prices"]
    assert prices.parent is not None
    assert prices.parent.span_id == operation.context.span_id
    assert dict(prices.attributes or {}) == {  # what was called, never with which keys
        "omnicanal.connector": "backoffice",
        "omnicanal.method": "prices",
        "omnicanal.batch_size": 3,
    }


async def test_a_failing_call_is_an_error_span(
    spans: InMemorySpanExporter, sample_dir: Path
) -> None:
    async with running_gateway(instrumented_config(sample_dir, failing="prices")) as client:
        await client.post(QUERY, VARIABLES)
    (prices,) = [s for s in spans.get_finished_spans() if s.name == "backoffice prices"]
    assert prices.status.status_code is trace.StatusCode.ERROR
    assert prices.attributes["omnicanal.error"] == "UPSTREAM_UNAVAILABLE"  # type: ignore[index]


async def test_upstream_requests_carry_the_traceparent(spans: InMemorySpanExporter) -> None:
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.headers.get("traceparent", ""))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/thing", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as session:
            client = UpstreamClient("upstream", session, f"http://127.0.0.1:{port}")
            tracer = trace.get_tracer("test", tracer_provider=_provider(spans))
            with tracer.start_as_current_span("outer") as outer:
                await client.get_json("/thing")
        trace_id = format(outer.get_span_context().trace_id, "032x")
        assert len(seen) == 1
        assert seen[0].split("-")[1] == trace_id
    finally:
        await runner.cleanup()


def _provider(exporter: InMemorySpanExporter) -> TracerProvider:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider
