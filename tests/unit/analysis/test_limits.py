"""Each limit at and just past its value, on crafted documents; fragments are analysed
once, so fan-out through spreads costs the analysis nothing."""

from __future__ import annotations

import gc
import time

import pytest
from graphql import parse

from schema.analysis.document import summarise
from schema.policy import OperationLimits
from tests.unit.analysis.support import (
    doubling_chain,
    fan_out,
    graphql_schema,
    nested,
    operation,
    verdict,
)

LIMITS = OperationLimits()
BUDGET_S = 0.050


def _code(query: str, limits: OperationLimits = LIMITS) -> str | None:
    error = verdict(query, limits).error
    return None if error is None else str((error.extensions or {})["code"])


def test_depth() -> None:
    at, past = nested(LIMITS.max_depth - 2), nested(LIMITS.max_depth - 1)
    assert operation(at).depth == LIMITS.max_depth
    assert _code(at) is None
    assert _code(past) == "QUERY_TOO_DEEP"
    error = verdict(past).error
    assert error is not None
    assert "16 levels deep; the limit is 15" in error.message


def test_depth_through_fragments() -> None:
    query = nested(5) + " fragment D on Category { parent { parent { id } } }"
    query = query.replace("id }", "...D }", 1)
    assert operation(query).depth == 2 + 5 + 2


def _aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


def test_aliases() -> None:
    limits = OperationLimits(max_root_fields=100)
    assert _code(_aliases(LIMITS.max_aliases), limits) is None
    assert _code(_aliases(LIMITS.max_aliases + 1), limits) == "TOO_MANY_ALIASES"


def test_root_fields() -> None:
    def roots(count: int) -> str:
        return "{ " + " ".join("__typename" for _ in range(count)) + " }"

    assert _code(roots(LIMITS.max_root_fields)) is None
    assert _code(roots(LIMITS.max_root_fields + 1)) == "TOO_MANY_ROOT_FIELDS"
    through_a_fragment = "{ ...R } fragment R on Query { " + " __typename" * 21 + " }"
    assert _code(through_a_fragment) == "TOO_MANY_ROOT_FIELDS"


def test_directives_on_one_location() -> None:
    def directives(count: int) -> str:
        return "{ __typename" + " @skip(if: false)" * count + " }"

    assert _code(directives(LIMITS.max_directives)) is None
    assert _code(directives(LIMITS.max_directives + 1)) == "TOO_MANY_DIRECTIVES"
    on_a_fragment = "{ ...R } fragment R on Query" + " @a" * 11 + " { __typename }"
    assert _code(on_a_fragment) == "TOO_MANY_DIRECTIVES"


def test_cost() -> None:
    def listing(first: int) -> str:
        return f"{{ products(first: {first}) {{ nodes {{ id }} }} }}"

    assert verdict(listing(LIMITS.max_cost - 1)).cost == LIMITS.max_cost
    assert _code(listing(LIMITS.max_cost - 1)) is None
    past = verdict(listing(LIMITS.max_cost))
    assert past.cost == LIMITS.max_cost + 1
    assert past.error is not None
    assert past.error.extensions == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": {"requestedQueryCost": 10_001, "maximumAvailable": 10_000},
    }
    assert "10001" in past.error.message


def _analysed_within_budget(query: str) -> None:
    """The analysis alone, from scratch, in CPU time (the machine may be busy), without a
    collection of the test process's heap landing inside the measurement."""
    document = parse(query, max_tokens=LIMITS.max_tokens)
    schema = graphql_schema()
    gc.collect()
    gc.disable()
    try:
        start = time.thread_time()
        summarise(schema, document)
        spent = time.thread_time() - start
    finally:
        gc.enable()
    assert spent < BUDGET_S


def test_the_issue_fragment_chain_is_linear() -> None:
    chain = doubling_chain(20)
    assert len(chain) < 900
    _analysed_within_budget(chain)
    assert operation(chain).depth == 1  # a repeated spread is collected once, as executed
    aliased = doubling_chain(30, "a: __typename")
    assert operation(aliased).aliases == 1


def test_fan_out_through_distinct_fragments_is_counted_not_walked() -> None:
    query = fan_out(20)
    _analysed_within_budget(query)
    assert operation(query).aliases == 2**20
    assert _code(query) == "TOO_MANY_ALIASES"


def test_a_fragment_cycle_ends() -> None:
    query = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }"
    assert operation(query).depth == 1


def test_a_long_fragment_chain_needs_no_deep_stack() -> None:
    parts = ["{ ...F0 }"] + [f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(3000)]
    query = "\n".join([*parts, "fragment F3000 on Query { __typename }"])
    assert operation(query).root_fields == 1


def _worst_documents() -> dict[str, str]:
    """The costliest shapes to analyse that still parse within max_tokens (5,000): the
    token limit, not the 1 MiB body cap, is what bounds a document's size."""
    inline = " ".join("... on Product { price { amount } }" for _ in range(550))
    nested = " ".join("... on Node { ... on Product { price { amount } } }" for _ in range(350))
    return {
        "leaves": "{ products { nodes { " + " ".join("id" for _ in range(4990)) + " } } }",
        "aliases": "{ " + " ".join(f"a{i}: __typename" for i in range(1650)) + " }",
        "inline fragments on an interface": f"{{ nodes(ids: []) {{ {inline} }} }}",
        "nested inline fragments": f"{{ nodes(ids: []) {{ {nested} }} }}",
        "fragment fan-out": fan_out(190),
    }


@pytest.mark.parametrize("name", list(_worst_documents()))
def test_the_worst_documents_are_analysed_within_50_ms(name: str) -> None:
    _analysed_within_budget(_worst_documents()[name])
