"""OpenTelemetry traces, optional (`pip install -e '.[otel]'`): a server span per GraphQL
operation (its name, type, static cost and channel; never variables, tokens or customer
data) continuing the client's W3C `traceparent`, with the connector floor's client spans
below it (connectors/tracing.py), exported over OTLP/HTTP when the standard
`OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set;
`OTEL_SERVICE_NAME` names the service (omnicanal by default)."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from typing import Any

from connectors import tracing as connector_tracing

log = logging.getLogger("omnicanal")
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")

_tracer: Any = None


def configure_tracing() -> None:
    """At start-up: traces on when an OTLP endpoint is configured and the extra installed."""
    if not any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        return
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning("an OTLP endpoint is set but the otel extra is not installed: no traces")
        return
    service = os.environ.get("OTEL_SERVICE_NAME", "omnicanal")
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    use(provider)


def use(provider: Any) -> None:
    """Trace with this TracerProvider (start-up, or a test's in-memory one)."""
    global _tracer
    _tracer = provider.get_tracer("omnicanal")
    connector_tracing.enable(provider)


def stop() -> None:
    global _tracer
    _tracer = None
    connector_tracing.disable()


@contextlib.contextmanager
def operation_span(headers: Mapping[str, str]) -> Iterator[Any]:
    if _tracer is None:
        yield None
        return
    from opentelemetry import propagate
    from opentelemetry.trace import SpanKind

    parent = propagate.extract({k.lower(): v for k, v in headers.items()})
    with _tracer.start_as_current_span(
        "graphql.operation", context=parent, kind=SpanKind.SERVER
    ) as span:
        yield span


def describe_operation(span: Any, context: Any) -> None:
    """What the operation was, once it ran: nothing a client typed as data, nothing personal."""
    if span is None:
        return
    summary = getattr(context, "operation", None)
    name = getattr(summary, "name", None)
    span.set_attribute("graphql.operation.type", getattr(summary, "kind", None) or "unknown")
    if name:
        span.set_attribute("graphql.operation.name", name[:100])
        span.update_name(f"graphql {name[:100]}")
    span.set_attribute("omnicanal.cost", int(getattr(context, "cost", 0) or 0))
    span.set_attribute("omnicanal.channel", context.commerce.channel.value)
