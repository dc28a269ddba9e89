"""GraphQL over HTTP: POST (JSON) and GET (queries only), per the GraphQL-over-HTTP spec.
Every refusal is a JSON body with a coded error, never a stack trace."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from connectors.deadline import deadline_scope
from gateway.caller import request_context as request_context
from gateway.caller import settle_usage
from gateway.capped_body import read_capped
from gateway.persisted import ResolvedDocument
from gateway.refusals import JSON
from gateway.refusals import BadRequest as BadRequest
from gateway.refusals import error_response as error_response
from gateway.request_log import note_refusal, note_result, note_timeout
from gateway.runtime import Runtime
from gateway.tracing import describe_operation, operation_span
from schema.analysis import execution_timeout
from schema.context import RequestContext
from schema.masking import code_error
from schema.operations import operation_not_found

GRAPHQL_RESPONSE = "application/graphql-response+json"
# What each method may run (GET: queries only), built once rather than per request.
POST_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})
GET_OPERATIONS = frozenset({OperationType.QUERY})


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    # The text is a trusted document (named by documentId or hash), not the client's own.
    persisted: bool = False


async def handle_post(request: Request, runtime: Runtime) -> Response:
    try:
        body = await _json_body(request)
        params = _params(body, await runtime.persisted.documents.resolve(body))
        return await _traced(request, runtime, params, allow_mutation=True)
    except BadRequest as exc:
        note_refusal(exc.code)
        return error_response(exc.code, exc.message, exc.status, exc.headers)


async def handle_get(request: Request, runtime: Runtime) -> Response:
    q = request.query_params
    try:
        body = {
            "query": q.get("query"),
            "documentId": q.get("documentId"),
            "variables": _json_param(q.get("variables"), "variables"),
            "operationName": q.get("operationName") or None,  # empty is omitted
            "extensions": _json_param(q.get("extensions"), "extensions"),
        }
        params = _params(body, await runtime.persisted.documents.resolve(body))
        response = await _traced(request, runtime, params, allow_mutation=False)
        caching = runtime.persisted.cache.headers(
            request.headers, params.query, params.operation_name, response.status_code,
            bytes(response.body),
        )  # fmt: skip
        response.headers.update(caching)
        return response
    except BadRequest as exc:
        note_refusal(exc.code)
        return error_response(exc.code, exc.message, exc.status, exc.headers)


async def _json_body(request: Request) -> Any:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in (JSON, GRAPHQL_RESPONSE, ""):
        raise BadRequest("UNSUPPORTED_MEDIA_TYPE", "send application/json", 415)
    body = await read_capped(request, _body_cap(request))
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("BAD_REQUEST", "the body is not valid JSON") from exc


def _body_cap(request: Request) -> int:
    runtime: Runtime = request.app.state.runtime
    return runtime.config.edge.max_body_bytes


def _json_param(value: str | None, name: str) -> Any:
    """A GET parameter holding JSON (`variables`, `extensions`); absent or empty is None."""
    try:
        return orjson.loads(value) if value else None
    except orjson.JSONDecodeError as exc:
        raise BadRequest("BAD_REQUEST", f"`{name}` is not JSON") from exc


def _params(body: Any, document: ResolvedDocument | None = None) -> GraphQLParams:
    if not isinstance(body, dict):
        raise BadRequest("BAD_REQUEST", "the body must be a JSON object")
    variables, name = body.get("variables"), body.get("operationName")
    query = body.get("query") if document is None else document.text
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("BAD_REQUEST", "`query` must be a non-empty string")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("BAD_REQUEST", "`variables` must be an object")
    if name is not None and not isinstance(name, str):
        raise BadRequest("BAD_REQUEST", "`operationName` must be a string")
    extensions = body.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequest("BAD_REQUEST", "`extensions` must be an object")
    return GraphQLParams(query, variables, name, document is not None and document.persisted)


async def _traced(
    request: Request, runtime: Runtime, params: GraphQLParams, allow_mutation: bool
) -> Response:
    with operation_span(request.headers) as span:
        return await _execute(request, runtime, params, allow_mutation, span)


async def _execute(
    request: Request,
    runtime: Runtime,
    params: GraphQLParams,
    allow_mutation: bool,
    span: Any = None,
) -> Response:
    context = await request_context(request, runtime)
    _check_persisted_only(context, params)
    allowed = POST_OPERATIONS if allow_mutation else GET_OPERATIONS
    # Every connector call of the operation inherits what is left of its deadline.
    deadline_s = runtime.config.resilience.deadline_s(params.query, allow_mutation)
    try:
        with deadline_scope(deadline_s):
            async with asyncio.timeout(runtime.config.limits.execution_timeout_ms / 1000):
                result = await runtime.schema.execute(
                    params.query,
                    variable_values=params.variables,
                    context_value=context,
                    operation_name=params.operation_name,
                    allowed_operation_types=allowed,
                )
    except TimeoutError:
        note_timeout(context)
        return _timed_out(request, runtime)
    except InvalidOperationTypeError as exc:
        # GraphQL over HTTP: a mutation over GET, or a subscription over plain HTTP.
        raise BadRequest(
            "METHOD_NOT_ALLOWED", "this operation type is not allowed with this method", 405
        ) from exc
    except CannotGetOperationTypeError as exc:
        # No operation of that name, or none at all: a request error, like a parse error.
        result = ExecutionResult(data=None, errors=[operation_not_found(exc.operation_name)])
    describe_operation(span, context)
    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = [_format(e) for e in result.errors]
    if result.data is not None or _execution_started(result.errors):
        payload["data"] = result.data
    if result.extensions:
        payload["extensions"] = result.extensions  # e.g. the operation's cost
    status, headers = 200, _throttled_headers(result.errors)
    started, graphql_response = _execution_started(result.errors), _wants_graphql_response(request)
    if headers:
        status = 429  # over budget: nothing ran; Retry-After says when it would fit
    elif not started and graphql_response:
        status = 400  # GraphQL-over-HTTP: a request that never reached execution
    await settle_usage(context, result, runtime)
    note_result(context, result.errors, started, status == 429)
    media = GRAPHQL_RESPONSE if graphql_response else JSON
    response = HeldResponse(
        orjson.dumps(payload), status_code=status, media_type=media, headers=headers
    )
    response.held = (context, result)
    return response


class HeldResponse(Response):
    """A response holding the request's context and result until it has been sent. They
    hold every model the request loaded, and freeing them (the loaders' tables, the
    decoded rows, the result's dicts) is work the client need not wait for: freed as the
    handler returned, they were freed before the answer left. Held here, they are let go
    at the event loop's next turn after sending starts: when the send writes at once (the
    usual case) that is after the answer has left, and when it must wait for a client that
    does not read, they are not kept for the wait. On the PLP at one client, 4 % fewer
    instructions between the request and its answer (the total is the same)."""

    held: tuple[object, ...] = ()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.held:
            asyncio.get_running_loop().call_soon(self._release)
        await super().__call__(scope, receive, send)

    def _release(self) -> None:
        self.held = ()


def _check_persisted_only(context: RequestContext, params: GraphQLParams) -> None:
    """A persisted-only key runs trusted documents only, never text it sends."""
    if context.grant.persisted_only and not getattr(params, "persisted", False):
        raise BadRequest(
            "PERSISTED_QUERY_REQUIRED", "this key runs persisted documents only: send a documentId"
        )


def _throttled_headers(errors: list[GraphQLError] | None) -> dict[str, str] | None:
    for error in errors or ():
        extensions = error.extensions or {}
        if extensions.get("code") == "THROTTLED":
            return {"Retry-After": str(extensions.get("retryAfter", 1))}
    return None


def _timed_out(request: Request, runtime: Runtime) -> Response:
    """The execution deadline passed (defence in depth behind the cost ceiling): execution
    had started, so `data` is present and null."""
    error = execution_timeout(runtime.config.limits.execution_timeout_ms)
    payload = {"errors": [error.formatted], "data": None}
    media = GRAPHQL_RESPONSE if _wants_graphql_response(request) else JSON
    return Response(orjson.dumps(payload), status_code=200, media_type=media)


def _execution_started(errors: list[GraphQLError] | None) -> bool:
    """Errors with a path come from execution, where `data` must be present even if null;
    errors without one mean the request never reached execution."""
    return not errors or any(e.path is not None for e in errors)


def _wants_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def _format(error: GraphQLError) -> dict[str, Any]:
    # Errors raised before the extensions run (a parse error answered from the parser
    # cache) have not been coded yet.
    if "code" not in (error.extensions or {}):
        error = code_error(error)
    return dict(error.formatted)
