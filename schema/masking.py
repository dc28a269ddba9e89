"""Every error leaves with a code. Expected failures keep their message; connector
failures get a public message naming the connector; anything else is masked and logged."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError

from connectors.errors import ConnectorError
from schema.errors import CodedError
from schema.operations import operation_not_found

log = logging.getLogger("omnicanal.errors")
_logged: weakref.WeakSet[ConnectorError] = weakref.WeakSet()

INTERNAL = "INTERNAL_SERVER_ERROR"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"


def code_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(error, GraphQLSyntaxError):
        return _with(error, error.message, {"code": PARSE_FAILED})
    if _about_a_variable(error):
        return _with(error, error.message, {"code": BAD_USER_INPUT})
    if original is None:
        code = (error.extensions or {}).get("code") or _code_without_cause(error)
        return _with(error, error.message, {**(error.extensions or {}), "code": code})
    if isinstance(original, CodedError):
        extensions: dict[str, Any] = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        return _with(error, original.message, extensions)
    if isinstance(original, ConnectorError):
        # A failed batch fails every field that waited on it with one exception: one line
        # per failure, not per field (an outage would log 100+ lines per listing).
        if original not in _logged:
            _logged.add(original)
            log.warning("upstream failure at %s: %r", error.path, original)
        return _with(
            error, original.public_message, {"code": original.code, "connector": original.connector}
        )
    if isinstance(original, GraphQLError):
        return code_error(original)
    if isinstance(original, CannotGetOperationTypeError):
        return operation_not_found(original.operation_name)  # strawberry's, over WebSocket
    if isinstance(original, ValueError) and error.path is None:
        # A scalar's parse_value refusing an input value (variables, literals).
        return _with(error, error.message, {"code": BAD_USER_INPUT})
    log.error("unexpected error at %s", error.path, exc_info=original)
    return _with(error, "Internal server error", {"code": INTERNAL})


def forget_tracebacks(errors: Iterable[BaseException]) -> None:
    """Errors already coded and logged: nothing reads their tracebacks again, whose frames
    hold the run, the loaders and every model loaded. Kept, they made a failed request one
    big cycle left for the garbage collector (during an outage, every request)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = list(errors)
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        error.__traceback__ = None
        pending += [error.__cause__, error.__context__, getattr(error, "original_error", None)]


def _code_without_cause(error: GraphQLError) -> str:
    # Errors with a path but no cause are raised by execution (e.g. a null in a non-null
    # field); errors without a path come from validation or variable coercion.
    if error.path is not None:
        return INTERNAL
    return VALIDATION_FAILED


def _about_a_variable(error: GraphQLError) -> bool:
    """A variable's value does not fit its declared type: the input is wrong, not the query."""
    return error.path is None and any(
        isinstance(node, VariableDefinitionNode) for node in error.nodes or ()
    )


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class CodedErrors(SchemaExtension):
    def on_operation(self):  # type: ignore[no-untyped-def]
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            raised, result.errors = result.errors, [code_error(e) for e in result.errors]
            forget_tracebacks(raised)
        pre = self.execution_context.pre_execution_errors
        if pre:
            self.execution_context.pre_execution_errors = [code_error(e) for e in pre]

    def on_stream_result(self, result):  # type: ignore[no-untyped-def]
        # Subscription events leave one by one, before the operation ends.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [code_error(e) for e in errors]
        yield
