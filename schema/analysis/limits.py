"""The operation limits, checked against a document's summary before validation and
execution. Each refusal is a coded GraphQL error without a path (nothing ran)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

from schema.analysis.document import DocumentSummary, OperationSummary
from schema.policy import OperationLimits

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT"

# (figure, limit attribute, code, what the message calls it)
_STRUCTURAL = (
    ("depth", "max_depth", "QUERY_TOO_DEEP", "levels deep"),
    ("aliases", "max_aliases", "TOO_MANY_ALIASES", "aliases"),
    ("root_fields", "max_root_fields", "TOO_MANY_ROOT_FIELDS", "root fields"),
    ("directives", "max_directives", "TOO_MANY_DIRECTIVES", "directives on one location"),
)


@dataclass(frozen=True, slots=True)
class Verdict:
    cost: int
    error: GraphQLError | None


def judge(
    summary: DocumentSummary,
    operation: OperationSummary,
    variables: Mapping[str, Any] | None,
    limits: OperationLimits,
) -> Verdict:
    for figure, limit_name, code, noun in _STRUCTURAL:
        value, limit = getattr(operation, figure), getattr(limits, limit_name)
        if value > limit:
            message = f"The operation has {value} {noun}; the limit is {limit}."
            return Verdict(0, _refusal(message, code, {"limit": limit, "actual": value}))
    cost = summary.cost(operation, variables)
    if cost > limits.max_cost:
        message = (
            f"The operation's cost is {cost}, above the limit of {limits.max_cost}: "
            "ask for fewer items (`first`) or fewer nested lists."
        )
        return Verdict(
            cost, _refusal(message, QUERY_TOO_COMPLEX, {"cost": cost_report(cost, limits)})
        )
    return Verdict(cost, None)


def cost_report(cost: int, limits: OperationLimits) -> dict[str, int]:
    return {"requestedQueryCost": cost, "maximumAvailable": limits.max_cost}


def _refusal(message: str, code: str, details: dict[str, Any]) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})


def execution_timeout(limit_ms: int) -> GraphQLError:
    message = f"The operation did not finish within {limit_ms} ms and was stopped."
    return _refusal(message, EXECUTION_TIMEOUT, {"limit": limit_ms})
