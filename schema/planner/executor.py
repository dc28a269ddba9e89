"""The planner's entry from graphql-core's Executor: plan the operation (cached) and run it,
or say why not so that the standard executor runs it instead."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from schema.planner import outcomes
from schema.planner.fields import STRAWBERRY_FIELD, Unsupported
from schema.planner.plan import Compiler, PlanCache
from schema.planner.run import Run


class Planner:
    def __init__(self) -> None:
        self.plans = PlanCache()

    def start(self, executor: Any) -> Awaitable[Any] | None:
        """The planned run of the executor's operation, or None (recorded) to fall back."""
        try:
            self._check(executor)
            compiler = Compiler(
                executor.schema,
                executor.fragments,
                executor.variable_values,
                executor.operation,
                executor.hide_suggestions,
            )
            plan = self.plans.get(compiler)
        except Unsupported as unsupported:
            outcomes.record(outcomes.STANDARD, str(unsupported))
            return None
        outcomes.record(outcomes.PLANNED)
        strawberry_schema = executor.schema.extensions[STRAWBERRY_FIELD]
        return Run(executor, plan, strawberry_schema).execute()

    @staticmethod
    def _check(executor: Any) -> None:
        middleware = executor.middleware_manager
        if middleware is not None and getattr(middleware, "middlewares", None):
            raise Unsupported("middleware")
        if not executor.error_propagation:
            raise Unsupported("no-error-propagation")
        if executor.abort_signal is not None:
            raise Unsupported("abort-signal")
        context = executor.context_value
        if not (hasattr(context, "loaders") and hasattr(context, "commerce")):
            raise Unsupported("no-request-context")  # batch fields need the request's loaders
