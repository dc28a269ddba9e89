"""GraphQL over Server-Sent Events (the graphql-sse protocol's "distinct connections
mode", as GraphQL Yoga and Hive Gateway serve it): `POST /graphql/stream` with a JSON body
or `GET /graphql/stream?query=…`, `Accept: text/event-stream`; each result is an
`event: next` whose data is the execution result, then `event: complete`; the client ends a
subscription by closing the connection.

Before the stream opens, a request is refused as on `/graphql`, in JSON with its status:
CSRF (gateway/csrf.py), the body cap, the caller's key and context headers, and the
process's subscription bound (503 TOO_MANY_SUBSCRIPTIONS). Once open, everything GraphQL
says, validation errors included, is a `next` event, as the protocol asks (a 400 would
leave an EventSource with no way to read why). An idle stream carries a comment every
`sse_heartbeat_s`, so that proxies and load balancers do not cut it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from asyncio import FIRST_COMPLETED
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import orjson
from graphql import GraphQLError, get_operation_ast, parse
from graphql.language import OperationType as OperationTypeNode
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from strawberry.types.graphql import OperationType

from gateway.capped_body import BodyRefused, read_capped
from gateway.csrf import csrf_refusal
from gateway.graphql_http import request_context
from gateway.refusals import BadRequest, error_response
from gateway.runtime import Runtime
from schema.context import RequestContext
from schema.masking import code_error

log = logging.getLogger("omnicanal.sse")

EVENT_STREAM = "text/event-stream"
RESULTS_AHEAD = 16  # results queued for a slow client before the operation waits
HEARTBEAT = b": heartbeat\n\n"
COMPLETE = b"event: complete\ndata:\n\n"
STREAM_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


class StreamEndpoint:
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        edge = runtime.config.edge
        self._max_streams = edge.max_subscriptions
        self._heartbeat_s = edge.sse_heartbeat_s
        self.active = 0

    async def __call__(self, request: Request) -> Response:
        if EVENT_STREAM not in request.headers.get("accept", ""):
            return error_response("NOT_ACCEPTABLE", f"send Accept: {EVENT_STREAM}", 406)
        if refusal := csrf_refusal(request.headers):
            return refusal
        if self.active >= self._max_streams:
            message = "this replica serves as many streams as it may; retry later"
            return error_response("TOO_MANY_SUBSCRIPTIONS", message, 503, {"retry-after": "5"})
        try:
            params = await self._params(request)
            context = await request_context(request, self._runtime)
        except BodyRefused as refused:
            return refused.response
        except BadRequest as exc:
            return error_response(exc.code, exc.message, exc.status, exc.headers)
        allowed = {OperationType.QUERY, OperationType.SUBSCRIPTION}
        if request.method == "POST":
            allowed.add(OperationType.MUTATION)
        elif _names_a_mutation(params["query"], params["operationName"]):
            # GET never writes, as on /graphql: refused before the stream opens.
            message = "this operation type is not allowed with this method"
            return error_response("METHOD_NOT_ALLOWED", message, 405)
        events = self._events(params, context, allowed)
        return StreamingResponse(events, media_type=EVENT_STREAM, headers=STREAM_HEADERS)

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            q = request.query_params
            raw: Any = {
                "query": q.get("query"),
                "variables": _json(q.get("variables"), "variables"),
                "operationName": q.get("operationName"),
            }
        else:
            raw = _json(await read_capped(request, self._runtime.config.edge.max_body_bytes))
        return _checked(raw)

    async def _events(
        self, params: dict[str, Any], context: RequestContext, allowed: set[OperationType]
    ) -> AsyncIterator[bytes]:
        self.active += 1
        try:
            results = await self._runtime.schema.stream(
                params["query"],
                variable_values=params["variables"],
                context_value=context,
                operation_name=params["operationName"],
                allowed_operation_types=allowed,
            )
            async for chunk in _with_heartbeats(results, self._heartbeat_s):
                yield chunk
            yield COMPLETE
        finally:
            self.active -= 1


async def _with_heartbeats(
    results: AsyncGenerator[Any, None], every_s: float
) -> AsyncIterator[bytes]:
    """Each result as a `next` event, and a comment whenever none came for `every_s`.
    One task iterates the operation from start to end (its extensions keep context
    variables across steps); this side only waits, so a heartbeat never interrupts it."""
    queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=RESULTS_AHEAD)
    producer = asyncio.create_task(_produce(results, queue))
    getter: asyncio.Task[bytes] | None = None
    try:
        while True:
            getter = getter or asyncio.create_task(queue.get())
            waiting = {getter, producer}
            done, _ = await asyncio.wait(waiting, timeout=every_s, return_when=FIRST_COMPLETED)
            if getter in done:
                yield getter.result()
                getter = None
            elif producer in done:
                while not queue.empty():
                    yield queue.get_nowait()
                return
            else:
                yield HEARTBEAT
    finally:  # finished, or the client left: stop the operation
        for task in (getter, producer):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in (getter, producer) if t), return_exceptions=True)


async def _produce(results: AsyncGenerator[Any, None], queue: asyncio.Queue[bytes]) -> None:
    try:
        async with contextlib.aclosing(results):
            async for result in results:
                await queue.put(_next(result))  # waits while the client is behind
    except Exception:  # masked like any unexpected error; the log has the detail
        log.exception("an SSE operation failed")
        await queue.put(_error_event("INTERNAL_SERVER_ERROR", "Internal server error"))


def _error_event(code: str, message: str) -> bytes:
    error = {"message": message, "extensions": {"code": code}}
    return b"event: next\ndata: " + orjson.dumps({"errors": [error]}) + b"\n\n"


def _names_a_mutation(query: str, operation_name: str | None) -> bool:
    """Whether a GET's operation is a mutation; a document that does not parse is left
    to execution, which reports it inside the stream."""
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation is OperationTypeNode.MUTATION


def _next(result: Any) -> bytes:
    payload: dict[str, Any] = {}
    errors: list[GraphQLError] | None = getattr(result, "errors", None)
    if errors:
        payload["errors"] = [_coded(e) for e in errors]
    data = getattr(result, "data", None)
    if data is not None or not errors:
        payload["data"] = data
    return b"event: next\ndata: " + orjson.dumps(payload) + b"\n\n"


def _coded(error: GraphQLError) -> dict[str, Any]:
    coded = error if "code" in (error.extensions or {}) else code_error(error)
    return dict(coded.formatted)


def _json(value: str | bytes | None, name: str = "body") -> Any:
    try:
        return orjson.loads(value) if value else None
    except orjson.JSONDecodeError as exc:
        raise BodyRefused("BAD_REQUEST", f"the {name} is not JSON") from exc


def _checked(raw: Any) -> dict[str, Any]:
    def refuse(message: str) -> BodyRefused:
        return BodyRefused("BAD_REQUEST", message)

    if not isinstance(raw, dict):
        raise refuse("the body must be a JSON object")
    query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise refuse("`query` must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise refuse("`variables` must be an object")
    if name is not None and not isinstance(name, str):
        raise refuse("`operationName` must be a string")
    return {"query": query, "variables": variables, "operationName": name}
