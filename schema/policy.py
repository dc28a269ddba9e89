"""What the schema floor enforces on every operation, chosen by the gateway from its
configuration: operation limits, and how much of the schema a client may discover."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Executor(enum.Enum):
    """Who runs an operation once it is parsed, validated and admitted."""

    # schema/planner: compiled once per operation, breadth-first, one batch call per loader
    # and level; anything it does not support falls back to STANDARD, counted.
    PLANNED = "planned"
    # graphql-core's executor through strawberry's resolvers: the reference answers.
    STANDARD = "standard"


@dataclass(frozen=True, slots=True)
class OperationLimits:
    """Checked before execution in one linear pass over the document (depth, aliases, root
    fields, directives, cost), except the last two, which bound execution itself."""

    max_depth: int = 15
    max_aliases: int = 30
    max_root_fields: int = 20
    max_directives: int = 10  # on any one location (field, fragment, operation)
    max_tokens: int = 5000
    # schema/analysis/weights.py prices a query. Every README and GraphiQL example costs at
    # most 457; a 100-product page with each variant's options, price and stock costs
    # 7,901 and must fit; the nested listings that once ran the process out of memory
    # cost 1,051,101 and more.
    max_cost: int = 10_000
    max_response_objects: int = 50_000
    execution_timeout_ms: int = 10_000


@dataclass(frozen=True, slots=True)
class SchemaPolicy:
    limits: OperationLimits = field(default_factory=OperationLimits)
    # Off in production: `__schema`/`__type` refused, no "Did you mean …?" in messages.
    introspection: bool = True
    suggestions: bool = True
    executor: Executor = Executor.PLANNED
