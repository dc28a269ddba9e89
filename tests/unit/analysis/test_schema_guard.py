"""The limits as the schema applies them (no server, no connector): the token limit, the
refusals before validation, the cost in the result's extensions, the response cap."""

from __future__ import annotations

import time

import strawberry

from schema.analysis.cost import CEILING, CostProgram
from schema.build import build_schema
from schema.policy import OperationLimits, SchemaPolicy
from tests.unit.analysis.support import doubling_chain


def _schema(**limits: int) -> strawberry.Schema:
    return build_schema(SchemaPolicy(limits=OperationLimits(**limits)))


async def test_the_token_limit_is_the_policys() -> None:
    schema = _schema(max_tokens=20)
    result = await schema.execute("{ " + "__typename " * 19 + "}")
    assert result.errors
    assert "more than 20 tokens" in result.errors[0].message


async def test_a_refusal_comes_before_validation_with_the_cost_reported() -> None:
    schema = _schema(max_cost=10)
    # Unknown fields too: the limits run first, so validation never sees the document.
    result = await schema.execute("{ products(first: 50) { nodes { id nope } } }")
    assert result.errors is not None
    assert [e.extensions["code"] for e in result.errors] == ["QUERY_TOO_COMPLEX"]  # type: ignore[index]
    assert result.extensions == {"cost": {"requestedQueryCost": 51, "maximumAvailable": 10}}


async def test_the_issue_fragment_chain_runs_in_no_time() -> None:
    schema = _schema()
    start = time.thread_time()
    result = await schema.execute(doubling_chain(20))
    assert time.thread_time() - start < 0.5  # strawberry's depth limiter took 12 s
    assert result.errors is None
    assert result.data == {"__typename": "Query"}


async def test_a_response_stops_at_its_object_cap() -> None:
    schema = _schema(max_response_objects=10)
    result = await schema.execute("{ __schema { types { name fields { name } } } }")
    assert result.data is None
    assert result.errors is not None
    assert [e.extensions["code"] for e in result.errors] == ["RESPONSE_TOO_LARGE"]  # type: ignore[index]
    within = await _schema(max_response_objects=10_000).execute("{ __schema { types { name } } }")
    assert within.errors is None


def test_cost_arithmetic_saturates() -> None:
    program = CostProgram()
    n = program.var("n", "int", 1)
    huge = program.times(n, program.times(CEILING, CEILING))
    assert program.evaluate(huge, {"n": 10**30}) == CEILING
    assert program.evaluate(program.add([huge, huge]), {"n": 2}) == CEILING
