"""Defence in depth at run time: the static cost is an estimate (declared list sizes may
be smaller than the data), so the executor also counts the objects a response holds and
stops at a cap. It counts at list completion, once per list, not per field: a per-field
middleware would cost every request CPU for a case that should never happen."""

from __future__ import annotations

from collections.abc import Awaitable, Sized
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLResolveInfoHelpers,
    get_named_type,
    is_leaf_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.errors import CodedError

RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"


class ResponseTooLarge(CodedError):
    def __init__(self, cap: int) -> None:
        super().__init__(
            RESPONSE_TOO_LARGE,
            f"The response would hold more than {cap} objects: ask for fewer items.",
        )


def _spent(*_: Any) -> Any:
    raise RuntimeError("the operation has already run")


SPENT_HELPERS = GraphQLResolveInfoHelpers(gather=_spent, track=_spent)


class _Tally:
    """Shared by an executor and the shallow copies graphql-core makes of it."""

    __slots__ = ("exceeded", "objects")

    def __init__(self) -> None:
        self.objects = 0
        self.exceeded = False


class BoundedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    max_objects = 50_000
    # schema/planner's Planner (set by bounded_execution_context): it runs the operations
    # it can plan; None, or an operation it cannot, runs on graphql-core's executor.
    planner: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tally = _Tally()

    def execute_operation(self, serially: bool | None = None) -> Any:
        if serially is not None:  # a subscription's event
            return super().execute_operation(serially)
        result = self._run_operation()
        if self.is_awaitable(result):
            return self._released_after(result)
        self._release()
        return result

    def _run_operation(self) -> Any:
        if self.planner is not None:
            planned = self.planner.start(self)
            if planned is not None:
                return planned
        return super().execute_operation(None)

    async def _released_after(self, result: Awaitable[Any]) -> Any:
        try:
            return await result
        finally:
            self._release()

    def _release(self) -> None:
        """graphql-core's executor refers to itself (`async_helpers` holds two of its bound
        methods), so it, the request context it holds, the loaders and every model they
        loaded formed one cycle, freed only by the garbage collector: at 32 clients the
        collector took a fifth of the CPU and its pauses set the p99 (issue 10). Once the
        operation has run, nothing reads the helpers; dropping them lets reference
        counting free the request as soon as it is answered."""
        self.async_helpers = SPENT_HELPERS

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: Any,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Sized) and not is_leaf_type(get_named_type(return_type)):
            tally = self.tally
            tally.objects += len(result)
            if tally.objects > self.max_objects:
                if tally.exceeded:
                    return []  # stop the work below; the one error already says why
                tally.exceeded = True
                raise ResponseTooLarge(self.max_objects)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )


def bounded_execution_context(
    max_objects: int, planner: Any = None
) -> type[BoundedExecutionContext]:
    attributes = {"max_objects": max_objects, "planner": planner}
    return type("BoundedExecutionContext", (BoundedExecutionContext,), attributes)


def contain_oversized_response(result: Any) -> None:
    """A response cut short answers no data and one error, rather than a partial tree
    with holes wherever the cap happened to fall."""
    errors = getattr(result, "errors", None) or ()
    oversized = next((e for e in errors if isinstance(e.original_error, ResponseTooLarge)), None)
    if oversized is not None:
        result.data = None
        result.errors = [oversized]


def count_objects(data: Any) -> int:
    """The objects a response holds: its actual cost, as an object costs 1 and a scalar 0
    (iterative, so a deep response cannot exhaust the stack)."""
    count, pending = 0, [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            count += 1
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return max(0, count - 1) if isinstance(data, dict) else count  # the root is free
