"""Traces on the connector floor, with OpenTelemetry when the `otel` extra is installed and
the gateway enabled it (gateway/tracing.py): a client span per guarded SPI call (connector
instance, method, batch size, error code) under the operation's span, and the W3C
`traceparent` of the current span on every upstream HTTP request. Without the extra, or
disabled, each helper is one check of a module global."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

try:
    from opentelemetry import propagate
    from opentelemetry.trace import SpanKind, Status, StatusCode
except ImportError:  # the `otel` extra is not installed: tracing stays off
    propagate = None  # type: ignore[assignment]

_tracer: Any = None


def enable(provider: Any) -> None:
    """Trace connector calls with this TracerProvider (called by the gateway only)."""
    global _tracer
    if propagate is None:
        raise RuntimeError("tracing needs the otel extra: pip install -e '.[otel]'")
    _tracer = provider.get_tracer("omnicanal.connectors")


def disable() -> None:
    global _tracer
    _tracer = None


# Entered for every connector call while tracing is off: one shared, reusable object.
_NO_SPAN: contextlib.AbstractContextManager[None] = contextlib.nullcontext()


def connector_span(
    instance: str, method: str, batch: int
) -> contextlib.AbstractContextManager[Any]:
    if _tracer is None:
        return _NO_SPAN
    return _span(instance, method, batch)


@contextlib.contextmanager
def _span(instance: str, method: str, batch: int) -> Iterator[Any]:
    attributes = {
        "omnicanal.connector": instance,
        "omnicanal.method": method,
        "omnicanal.batch_size": batch,
    }
    name = f"{instance} {method}"
    with _tracer.start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes) as span:
        yield span


def failed(span: Any, code: str) -> None:
    if span is not None:
        span.set_attribute("omnicanal.error", code)
        span.set_status(Status(StatusCode.ERROR, code))


def with_trace_context(headers: Mapping[str, str] | None) -> Mapping[str, str] | None:
    """The headers of an upstream request, with the current span's `traceparent`."""
    if _tracer is None:
        return headers
    carrier = dict(headers or {})
    propagate.inject(carrier)
    return carrier
