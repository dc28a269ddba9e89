"""Vetting a document before the gateway keeps it (an APQ registration, a pushed trusted
document): it must parse within the token limit, every operation in it must fit the
operation limits (depth, aliases, cost…) and it must validate against the schema. The
same checks, in the same order, as a request's execution makes, so that what is kept
would run; junk a client sends is never stored."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    parse,
    validate,
)

from schema.analysis.document import DocumentSummary, summarise
from schema.analysis.guard import INLINE_SELECTIONS
from schema.analysis.limits import judge
from schema.masking import PARSE_FAILED, VALIDATION_FAILED
from schema.policy import OperationLimits


class DocumentRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Vetted:
    operations: tuple[tuple[str | None, str], ...]  # (name, "query" | "mutation" | …)
    cost: int  # the costliest operation's, with the variables given (else the defaults)

    @property
    def operation_name(self) -> str | None:
        """The name a stored document is listed under: its operation's, if it has one."""
        return self.operations[0][0] if len(self.operations) == 1 else None


def vet(
    schema: GraphQLSchema,
    limits: OperationLimits,
    text: str,
    variables: Mapping[str, Any] | None = None,
) -> Vetted:
    document = _parse(text, limits)
    _, cost = _judge(schema, document, limits, variables)
    _validate(schema, document)
    return Vetted(_operations(document), cost)


async def vet_off_loop(
    schema: GraphQLSchema,
    limits: OperationLimits,
    text: str,
    variables: Mapping[str, Any] | None = None,
) -> Vetted:
    """`vet` for the request path: a large document is validated in a worker thread, as
    the execution's own validation is, so the event loop keeps answering."""
    document = _parse(text, limits)
    summary, cost = _judge(schema, document, limits, variables)
    if summary.selections > INLINE_SELECTIONS:
        await asyncio.to_thread(_validate, schema, document)
    else:
        _validate(schema, document)
    return Vetted(_operations(document), cost)


def _parse(text: str, limits: OperationLimits) -> DocumentNode:
    try:
        return parse(text, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as exc:
        raise DocumentRefused(PARSE_FAILED, exc.message) from exc


def _judge(
    schema: GraphQLSchema,
    document: DocumentNode,
    limits: OperationLimits,
    variables: Mapping[str, Any] | None,
) -> tuple[DocumentSummary, int]:
    """Limits before validation, as at execution: they protect validation too."""
    summary = summarise(schema, document)
    cost = 0
    for operation in summary.operations:
        verdict = judge(summary, operation, variables, limits)
        if verdict.error is not None:
            code = (verdict.error.extensions or {}).get("code", VALIDATION_FAILED)
            raise DocumentRefused(str(code), verdict.error.message)
        cost = max(cost, verdict.cost)
    return summary, cost


def _validate(schema: GraphQLSchema, document: DocumentNode) -> None:
    errors = validate(schema, document, max_errors=1)
    if errors:
        raise DocumentRefused(VALIDATION_FAILED, errors[0].message)


def _operations(document: DocumentNode) -> tuple[tuple[str | None, str], ...]:
    return tuple(
        (d.name.value if d.name else None, d.operation.value)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )
