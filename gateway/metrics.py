"""Prometheus metrics: requests by operation, type and outcome, their latency; per
connector instance and method the calls, batch sizes, latency, errors by code, retries and
breaker state (fed by connectors/observe.py); cache hits, misses and stale serves by
domain; limit and budget refusals by code; active subscriptions.

With several workers `omnicanal serve` sets PROMETHEUS_MULTIPROC_DIR before any of them
starts (gateway/metrics_dir.py): every worker writes its samples there and `/metrics`, in
whichever worker answers, sums them all. Label values are bounded: operation names are
capped per process, method names and error codes come from code, not from clients."""

from __future__ import annotations

import os
import re
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from starlette.requests import Request
from starlette.responses import Response

from connectors import observe
from gateway.metrics_dir import MULTIPROC_ENV
from schema.planner import outcomes

# As prometheus_client saw it when imported (it chose its value store then).
MULTIPROCESS = bool(os.environ.get(MULTIPROC_ENV))

MAX_OPERATION_NAMES = 100
UNNAMED, OTHER, UNKNOWN = "(unnamed)", "(other)", "(unknown)"
_GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
BREAKER_VALUES = {"closed": 0.0, "half_open": 1.0, "open": 2.0}
# The codes that say a limit, a key's plan or its budget refused the request.
REFUSAL_CODES = frozenset({
    "QUERY_TOO_COMPLEX", "QUERY_TOO_DEEP", "TOO_MANY_ALIASES", "TOO_MANY_ROOT_FIELDS",
    "TOO_MANY_DIRECTIVES", "RESPONSE_TOO_LARGE", "EXECUTION_TIMEOUT", "THROTTLED",
    "PAYLOAD_TOO_LARGE", "PERSISTED_QUERY_REQUIRED", "TOO_MANY_SUBSCRIPTIONS",
})  # fmt: skip
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 250, 1000)

REQUESTS = Counter(
    "omnicanal_requests", "GraphQL requests", ["operation", "type", "outcome"]
)  # fmt: skip
REQUEST_SECONDS = Histogram(
    "omnicanal_request_duration_seconds", "GraphQL request latency", ["type"],
    buckets=LATENCY_BUCKETS,
)  # fmt: skip
REFUSALS = Counter("omnicanal_refusals", "Requests refused by a limit or budget", ["code"])
CONNECTOR_CALLS = Counter(
    "omnicanal_connector_calls", "Connector SPI calls", ["instance", "method"]
)  # fmt: skip
CONNECTOR_BATCH = Histogram(
    "omnicanal_connector_batch_size", "Keys per connector call", ["instance", "method"],
    buckets=BATCH_BUCKETS,
)  # fmt: skip
CONNECTOR_SECONDS = Histogram(
    "omnicanal_connector_call_duration_seconds", "Connector call latency",
    ["instance", "method"], buckets=LATENCY_BUCKETS,
)  # fmt: skip
CONNECTOR_ERRORS = Counter(
    "omnicanal_connector_errors", "Failed connector calls", ["instance", "method", "code"]
)  # fmt: skip
RETRIES = Counter("omnicanal_upstream_retries", "Upstream HTTP retries", ["instance"])
BREAKER = Gauge(
    "omnicanal_breaker_state", "Circuit state: 0 closed, 1 half-open, 2 open (worst worker)",
    ["instance"], multiprocess_mode="livemax",
)  # fmt: skip
CACHE = Counter(
    "omnicanal_cache_lookups", "Shared cache lookups by key", ["instance", "domain", "outcome"]
)  # fmt: skip
STALE = Counter(
    "omnicanal_cache_stale_served", "Stale entries served for a sick upstream",
    ["instance", "domain"],
)  # fmt: skip
SUBSCRIPTIONS = Gauge(
    "omnicanal_active_subscriptions", "Open subscriptions", multiprocess_mode="livesum"
)
EXECUTOR = Counter(
    "omnicanal_executor_operations",
    "Operations by executor; `reason` says why the planner handed one to the standard one",
    ["executor", "reason"],
)


class PrometheusObserver:
    """The connector floor's observer (connectors/observe.py) in Prometheus terms. The
    labelled children of a call are looked up once per (instance, method): `labels()`
    takes a lock and builds a key, on every call of a hot path otherwise."""

    def __init__(self) -> None:
        self._calls: dict[tuple[str, str], tuple[Any, Any, Any]] = {}

    def connector_call(
        self, instance: str, method: str, batch: int, seconds: float, error: str | None
    ) -> None:
        children = self._calls.get((instance, method))
        if children is None:
            children = self._calls[instance, method] = (
                CONNECTOR_CALLS.labels(instance, method),
                CONNECTOR_BATCH.labels(instance, method),
                CONNECTOR_SECONDS.labels(instance, method),
            )
        calls, batches, latency = children
        calls.inc()
        batches.observe(batch)
        latency.observe(seconds)
        if error is not None:
            CONNECTOR_ERRORS.labels(instance, method, error).inc()

    def retry(self, instance: str) -> None:
        _child(RETRIES, instance).inc()

    def breaker_state(self, instance: str, state: str) -> None:
        # Reported after every connector call: the child is looked up once.
        _child(BREAKER, instance).set(BREAKER_VALUES.get(state, 0.0))

    def cache_lookup(self, instance: str, domain: str, hits: int, misses: int) -> None:
        if hits:
            _child(CACHE, instance, domain, "hit").inc(hits)
        if misses:
            _child(CACHE, instance, domain, "miss").inc(misses)

    def stale_served(self, instance: str, domain: str, entries: int) -> None:
        _child(STALE, instance, domain).inc(entries)


class OperationNames:
    """Operation names as label values: a client chooses them, so the first
    MAX_OPERATION_NAMES valid ones are kept and any other is `(other)`."""

    def __init__(self, cap: int = MAX_OPERATION_NAMES) -> None:
        self._cap = cap
        self._seen: set[str] = set()

    def label(self, name: str | None, admit: bool) -> str:
        """`admit`: the operation ran, so its name is one of the document's (a request that
        never ran may name anything and takes no slot)."""
        if name is None:
            return UNNAMED
        if name in self._seen:
            return name
        if not admit:
            return UNKNOWN
        if len(self._seen) >= self._cap or not _GRAPHQL_NAME.fullmatch(name):
            return OTHER
        self._seen.add(name)
        return name


OPERATION_NAMES = OperationNames()
# The labelled children of the per-request metrics, as PrometheusObserver keeps its own;
# bounded as the label values are (names capped, the rest from code and configuration).
_children: dict[tuple[Any, tuple[str, ...]], Any] = {}


def _child(metric: Any, *values: str) -> Any:
    key = (metric, values)
    child = _children.get(key)
    if child is None:
        child = _children[key] = metric.labels(*values)
    return child


def install() -> None:
    observe.install(PrometheusObserver())
    outcomes.install(_count_executor)


def _count_executor(executor: str, reason: str) -> None:
    _child(EXECUTOR, executor, reason).inc()  # reasons come from code: a bounded set


def record_request(
    operation: str | None, kind: str, outcome: str, seconds: float, ran: bool
) -> None:
    _child(REQUESTS, OPERATION_NAMES.label(operation, ran), kind, outcome).inc()
    _child(REQUEST_SECONDS, kind).observe(seconds)


def record_refusals(codes: list[str]) -> None:
    for code in codes:
        if code in REFUSAL_CODES:
            REFUSALS.labels(code).inc()


def subscription_opened() -> None:
    SUBSCRIPTIONS.inc()


def subscription_closed() -> None:
    SUBSCRIPTIONS.dec()


def worker_stopped() -> None:
    """A worker's live gauges (breaker state, subscriptions) leave the sums with it."""
    if MULTIPROCESS:
        mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def exposition(request: Request) -> Response:
    """`/metrics` (a sync endpoint: Starlette runs it off the event loop, and reading the
    workers' files is file I/O)."""
    registry = REGISTRY
    if MULTIPROCESS:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
