"""The schema extension that applies the operation limits: before validation it analyses
the document (once per document text, cached) and refuses what is over a limit, so that
neither validation nor any connector sees it; it then validates (cached, and in a worker
thread for large documents, so the event loop keeps answering meanwhile). Every response
reports the operation's cost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from schema.analysis.document import DocumentSummary, summarise
from schema.analysis.executor import contain_oversized_response, count_objects
from schema.analysis.limits import Verdict, cost_report, judge
from schema.analysis.lru import Lru
from schema.policy import OperationLimits

# Validation costs about 0.2 ms per selection in graphql-core: past this size a document
# is validated off the event loop.
INLINE_SELECTIONS = 200


class OperationAnalyser:
    """Shared by every request on one schema: the caches and the limits."""

    def __init__(self, limits: OperationLimits, cached_documents: int) -> None:
        self.limits = limits
        self._summaries: Lru[str, DocumentSummary] = Lru(cached_documents)
        self._validations: Lru[tuple[str, tuple[type[ASTValidationRule], ...]], list[GraphQLError]]
        self._validations = Lru(cached_documents)

    def summary(
        self, schema: GraphQLSchema, text: str | None, document: DocumentNode
    ) -> DocumentSummary:
        cached = self._summaries.get(text) if text is not None else None
        if cached is None:
            cached = summarise(schema, document)
            if text is not None:
                self._summaries.put(text, cached)
        return cached

    async def validate(
        self,
        schema: GraphQLSchema,
        text: str | None,
        document: DocumentNode,
        rules: Sequence[type[ASTValidationRule]],
        size: int,
    ) -> list[GraphQLError]:
        key = (text, tuple(rules)) if text is not None else None
        cached = self._validations.get(key) if key is not None else None
        if cached is not None:
            return cached
        if size > INLINE_SELECTIONS:
            errors = await asyncio.to_thread(validate_document, schema, document, tuple(rules))
        else:
            errors = validate_document(schema, document, tuple(rules))
        if key is not None:
            self._validations.put(key, errors)
        return errors


class OperationGuard(SchemaExtension):
    def __init__(self, analyser: OperationAnalyser) -> None:
        self.analyser = analyser
        self.cost = 0
        self.actual: int | None = None

    async def on_validate(self) -> AsyncIterator[None]:
        ec = self.execution_context
        schema, document = ec.schema._schema, ec.graphql_document
        if document is not None and ec.pre_execution_errors is None:
            summary = self.analyser.summary(schema, ec.query, document)
            verdict = self._judge(summary)
            if verdict.error is not None:
                ec.pre_execution_errors = [verdict.error]
            else:
                ec.pre_execution_errors = await self.analyser.validate(
                    schema, ec.query, document, ec.validation_rules, summary.selections
                )
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if hasattr(context, "response_objects"):
            # A WebSocket connection keeps one context for all its operations: a count the
            # planner left from an earlier one must not stand for this one's.
            context.response_objects = None
        yield
        result = self.execution_context.result
        if result is not None:
            contain_oversized_response(result)
            counted = getattr(self.execution_context.context, "response_objects", None)
            self.actual = counted if counted is not None else count_objects(result.data)

    def get_results(self) -> dict[str, Any]:
        report: dict[str, Any] = cost_report(self.cost, self.analyser.limits)
        if self.actual is not None:
            report["actualQueryCost"] = self.actual
        context = self.execution_context.context
        throttle = getattr(context, "throttle", None)
        if throttle is not None:
            report["throttleStatus"] = throttle
        return {"cost": report}

    def _judge(self, summary: DocumentSummary) -> Verdict:
        ec = self.execution_context
        operation = summary.operation(ec.operation_name)
        if operation is None:
            return Verdict(0, None)  # no such operation: execution reports it
        verdict = judge(summary, operation, ec.variables, self.analyser.limits)
        self.cost = verdict.cost
        if hasattr(ec.context, "cost"):
            ec.context.cost = verdict.cost  # the key's plan and budget are checked on it
            ec.context.operation = operation  # its name and type, for metrics and the log
        return verdict
