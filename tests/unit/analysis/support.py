"""Analyse a document as the gateway does, and crafted documents for the limits."""

from __future__ import annotations

from functools import cache
from typing import Any

from graphql import GraphQLSchema, parse

from schema.analysis.document import DocumentSummary, OperationSummary, summarise
from schema.analysis.limits import Verdict, judge
from schema.build import build_schema
from schema.policy import OperationLimits


@cache
def graphql_schema() -> GraphQLSchema:
    return build_schema()._schema


def summary(query: str) -> DocumentSummary:
    return summarise(graphql_schema(), parse(query))


def operation(query: str, name: str | None = None) -> OperationSummary:
    found = summary(query).operation(name)
    assert found is not None
    return found


def cost(query: str, variables: dict[str, Any] | None = None, name: str | None = None) -> int:
    document = summary(query)
    found = document.operation(name)
    assert found is not None
    return document.cost(found, variables)


def verdict(query: str, limits: OperationLimits | None = None) -> Verdict:
    document = summary(query)
    found = document.operation(None)
    assert found is not None
    return judge(document, found, None, limits or OperationLimits())


def doubling_chain(levels: int, leaf: str = "__typename") -> str:
    """The issue's fragment chain: each fragment spreads the next one twice, 2**levels
    spreads once expanded (the 20-level one is about 900 bytes)."""
    parts = ["{ ...F0 }"]
    for i in range(levels):
        parts.append(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}")
    parts.append(f"fragment F{levels} on Query {{ {leaf} }}")
    return "\n".join(parts)


def fan_out(levels: int) -> str:
    """A chain that doubles through two distinct fragments at each level, so that even an
    analysis that merges a repeated spread sees 2**levels aliased leaves."""
    parts = ["{ ...F0 }"]
    for i in range(levels):
        parts.append(f"fragment F{i} on Query {{ ...A{i} ...B{i} }}")
        parts.append(f"fragment A{i} on Query {{ ...F{i + 1} }}")
        parts.append(f"fragment B{i} on Query {{ ...F{i + 1} }}")
    parts.append(f"fragment F{levels} on Query {{ a: __typename }}")
    return "\n".join(parts)


def nested(levels: int) -> str:
    """A category's parent's parent…: `levels` + 2 fields deep (category, parents, id)."""
    return '{ category(handle: "x") { ' + "parent { " * levels + "id" + " }" * levels + " } }"
