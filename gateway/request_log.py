"""One access line per HTTP request (logger `omnicanal.access`) and the request metrics,
from a pure ASGI middleware: streaming responses pass through untouched, and the line is
written when the response is over. It carries the request id, the operation's name, the
status, the duration, the cost, the connector calls and the key's public id: never a
token, a password, a key's text or the variables (personal data).

The GraphQL handler fills the record (`note_operation`) through a context variable; the
connector floor counts its calls into `record.tally` (connectors/observe.py)."""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connectors.observe import CallTally, call_tally
from gateway import metrics
from gateway.log_setup import write_direct
from gateway.request_id import HEADER, request_id
from schema.context import RequestContext

log = logging.getLogger("omnicanal.access")
GRAPHQL_PATH = "/graphql"
# Probes and scrapes would drown the log at info: they are logged at debug.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
NONE = "(none)"
MAX_NAME = 128  # a name a client chose: bounded in the line


@dataclass(slots=True)
class RequestRecord:
    request_id: str
    method: str
    path: str
    tally: CallTally = field(default_factory=CallTally)
    operation: str | None = None
    kind: str = NONE
    outcome: str | None = None
    cost: int | None = None
    key_id: str | None = None
    ran: bool = False  # the operation reached execution


current_record: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar(
    "omnicanal_request_record", default=None
)


def note_operation(
    operation: Any, outcome: str, cost: int, key_id: str | None, codes: list[str]
) -> None:
    """What the GraphQL handler learnt: `operation` is the OperationSummary that ran (None
    when the document named none that exists)."""
    record = current_record.get()
    if record is None:
        return
    if operation is not None:
        record.operation, record.kind = operation.name, operation.kind
    record.outcome, record.cost, record.key_id = outcome, cost, key_id
    record.ran = outcome in ("ok", "error", "timeout")
    metrics.record_refusals(codes)


def note_result(
    context: RequestContext, errors: list[GraphQLError] | None, started: bool, throttled: bool
) -> None:
    codes = [str((e.extensions or {}).get("code")) for e in errors or ()]
    if throttled:
        outcome = "throttled"
    elif not started:
        outcome = "refused"  # a parse, validation or limit error: nothing ran
    else:
        outcome = "error" if errors else "ok"
    note_operation(context.operation, outcome, context.cost, context.grant.key_id, codes)


def note_timeout(context: RequestContext) -> None:
    codes = ["EXECUTION_TIMEOUT"]
    note_operation(context.operation, "timeout", context.cost, context.grant.key_id, codes)


def note_refusal(code: str) -> None:
    """A request refused before it reached GraphQL (body too large, persisted only)."""
    metrics.record_refusals([code])
    record = current_record.get()
    if record is not None:
        record.outcome = "bad_request"


class RequestObserver:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = RequestRecord(request_id(scope["headers"]), scope["method"], scope["path"])
        header = (HEADER, record.request_id.encode("ascii"))
        status = 500  # if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        started = time.perf_counter()
        tokens = current_record.set(record), call_tally.set(record.tally)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            call_tally.reset(tokens[1])
            current_record.reset(tokens[0])
            _finish(record, status, time.perf_counter() - started)


def _finish(record: RequestRecord, status: int, seconds: float) -> None:
    if record.path == GRAPHQL_PATH:
        outcome = record.outcome or ("bad_request" if status < 500 else "internal_error")
        metrics.record_request(record.operation, record.kind, outcome, seconds, record.ran)
    level = logging.DEBUG if record.path in QUIET_PATHS else logging.INFO
    if log.isEnabledFor(level):
        fields = _fields(record, status, seconds)
        if not write_direct(log, level, "request", fields):
            log.log(level, "request", extra={"access": fields})


def _fields(record: RequestRecord, status: int, seconds: float) -> dict[str, Any]:
    return {
        "request_id": record.request_id,
        "method": record.method,
        "path": record.path,
        "operation": record.operation and record.operation[:MAX_NAME],
        "type": record.kind,
        "outcome": record.outcome,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "cost": record.cost,
        "connector_calls": record.tally.calls,
        "key_id": record.key_id,
    }
