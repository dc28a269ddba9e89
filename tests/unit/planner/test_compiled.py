"""The functions generated per object plan answer exactly what graphql-core's executor
answers, for the values their inline tests accept and for every value they hand on (out
of range, of another type, null where none may be, a getter that raises, an enum, a custom
scalar), at the first run (the general loop) and at the second (the generated functions,
made then and not before); a plan too large for one runs the general loop to the same
answer."""

from __future__ import annotations

import enum
import math
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from graphql import parse
from graphql.execution.values import get_variable_values
from graphql.language import OperationDefinitionNode

from schema.analysis import bounded_execution_context
from schema.planner import compiled, outcomes
from schema.planner.compiled import MAX_GENERATED_FIELDS
from schema.planner.executor import Planner
from schema.planner.plan import GENERATE_AT_RUN, Compiler, ObjectPlan, OperationPlan
from schema.scalars import SCALAR_MAP


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Inner:
    name: str


@strawberry.type
class Odd:
    label: str
    count: int
    ratio: float
    flag: bool
    maybe: str | None
    colour: Colour
    amount: Decimal | None
    inner: Inner | None = None

    @strawberry.field
    def shouted(self) -> str:
        if self.label == "raises":
            raise ValueError("the getter failed")
        return self.label.upper()


def odd_inner(name: Any) -> Inner:
    return Inner(name=name)


def odd(**values: Any) -> Odd:
    """An Odd holding what its annotations do not admit, as a resolver bug would."""
    return Odd(**values)


NORMAL = odd(
    label="shears", count=3, ratio=0.5, flag=True, maybe=None, colour=Colour.RED,
    amount=Decimal("19.90"), inner=Inner(name="blade"),
)  # fmt: skip
# Each handed on by the inline tests: converted by the serializer, or an error.
ODD = [
    odd(label=12, count=True, ratio=3, flag=1, maybe=7, colour=Colour.BLUE, amount=None,
        inner="not an object"),
    odd(label="raises", count=2**40, ratio=math.inf, flag=False, maybe="x", colour="RED",
        amount=Decimal("1")),
    odd(label=None, count=None, ratio=math.nan, flag=None, maybe=None, colour=None,
        amount="not a decimal", inner=odd_inner(None)),
    odd(label="fine", count=-(2**31) - 1, ratio=-0.0, flag="yes", maybe=b"bytes",
        colour=Colour.RED, amount=Decimal("NaN")),
]  # fmt: skip


@strawberry.type
class Query:
    @strawberry.field
    def odds(self) -> list[Odd | None]:
        return [NORMAL, *ODD]

    @strawberry.field
    def strict(self) -> list[Odd]:
        return [NORMAL, ODD[2]]  # a null in a non-null list item position, below


class RequestContext:
    loaders: Any = None
    commerce: Any = None


def schema(planner: Planner | None) -> strawberry.Schema:
    context_class = bounded_execution_context(50_000, planner)
    return strawberry.Schema(
        query=Query,
        config=strawberry.schema.config.StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=context_class,
    )


PLANNER = Planner()
PLANNED, STANDARD = schema(PLANNER), schema(None)
ALL_FIELDS = "label count ratio flag maybe colour amount shouted __typename inner { name }"


async def answer(side: strawberry.Schema, query: str) -> tuple[Any, Any]:
    result = await side.execute(query, context_value=RequestContext())
    # The order errors are met in differs for errors in one object; the set must not.
    errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or ())
    return result.data, errors


async def answers(query: str) -> tuple[list[Any], Any]:
    """The planned answers of GENERATE_AT_RUN runs (the general loop's, then the generated
    functions'), and the standard executor's."""
    planned = [await answer(PLANNED, query) for _ in range(GENERATE_AT_RUN)]
    return planned, await answer(STANDARD, query)


@pytest.mark.parametrize(
    "query",
    [
        f"{{ odds {{ {ALL_FIELDS} }} }}",
        f"{{ strict {{ {ALL_FIELDS} }} }}",
        "{ odds { a: label b: label count c: count } strict { ratio } }",
        "{ odds { inner { name } } }",  # an object read as an attribute: of another type, null
    ],
)
async def test_generated_functions_answer_what_the_standard_executor_answers(query: str) -> None:
    before = outcomes.counts[(outcomes.PLANNED, "")]
    planned, standard = await answers(query)
    assert outcomes.counts[(outcomes.PLANNED, "")] == before + GENERATE_AT_RUN, "planned"
    assert planned == [standard] * GENERATE_AT_RUN
    assert standard[1], "the odd values did reach the serializers' errors"


def plan_of(query: str) -> ObjectPlan:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    graphql_schema = PLANNED._schema
    coerced = get_variable_values(graphql_schema, (), {})
    assert not isinstance(coerced, list)
    plan = Compiler(graphql_schema, {}, coerced, operation, False).compile()
    plan.generate()
    return plan.root.fields[0].children["Odd"]


async def test_a_plan_too_large_for_a_function_runs_the_general_loop_alike() -> None:
    aliases = " ".join(f"a{i}: count b{i}: maybe" for i in range(MAX_GENERATED_FIELDS))
    query = f"{{ odds {{ {aliases} shouted }} }}"
    assert plan_of(query).expand is None
    assert plan_of(f"{{ odds {{ {ALL_FIELDS} }} }}").expand is not None
    planned, standard = await answers(query)
    assert planned == [standard] * GENERATE_AT_RUN
    assert standard[0]["odds"][0]["a0"] == 3


async def test_functions_are_generated_at_an_operations_second_run_only() -> None:
    query = "query Tiered { odds { label count inner { name } } }"
    await answer(PLANNED, query)
    (plan,) = [p for key, p in PLANNER.plans._plans.items() if key[0] == query]  # its text
    assert isinstance(plan, OperationPlan)
    assert plan.runs == 1
    assert all(o.expand is None for o in plan.objects), "a document run once pays no compile"
    await answer(PLANNED, query)
    assert plan.runs == 2
    assert all(o.expand is not None for o in plan.objects)


def test_documents_differing_in_aliases_order_only_share_no_code_but_equal_ones_do() -> None:
    compiled._codes.clear()
    plan_of("{ odds { label count } }")
    plan_of("query Again { odds { label count } }")
    assert len(compiled._codes) == 2, "the Odd plan's text and the root's, each compiled once"
    plan_of("{ odds { count label } }")
    assert len(compiled._codes) == 3


def test_a_key_that_is_not_a_graphql_name_never_reaches_the_generated_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(ValueError, match="not a GraphQL name"):
        compiled._literal("x'] = 1; import os; obj['y")
    plan = plan_of("{ odds { label } }")
    plan.fields[0].key = "x'] = 1; obj['y"  # what no parsed document can hold
    operation = OperationPlan(plan, serial=False, objects=(plan,))
    plan.expand = None
    operation.generate()
    assert plan.expand is None, "the general loop serves it"
    assert "no generated function for Odd" in caplog.text
