"""What the end-to-end suite sends, replayed as recorded (tests/differential/capture.py):
queries on the shared sample, mutations on private copies, in the corpus's order. Their
IDs name carts and holds of a run long gone, so most mutations meet `CART_NOT_FOUND` and
the like; the sequences in test_sequences.py are the ones that thread real IDs."""

from __future__ import annotations

import pytest

from tests.differential.compare import Variance
from tests.differential.pairs import Pair
from tests.differential.sources import e2e_operations, is_mutation

pytestmark = pytest.mark.differential

OPERATIONS = e2e_operations()
QUERIES = [r for r in OPERATIONS if not is_mutation(r.query)]
MUTATIONS = [r for r in OPERATIONS if is_mutation(r.query)]


def test_the_corpus_holds_what_the_e2e_suite_sends() -> None:
    assert len(QUERIES) >= 150, "regenerate it: see tests/differential/capture.py"
    assert len(MUTATIONS) >= 100


async def test_each_e2e_query_gets_the_same_answer(pair: Pair) -> None:
    for request in QUERIES:
        await pair.same(request)


async def test_each_e2e_mutation_gets_the_same_answer(private_pair: Pair) -> None:
    for request in MUTATIONS:
        await private_pair.same(request, Variance(generated=True))


async def test_the_replay_is_not_only_refusals(pair: Pair) -> None:
    """A guard on the corpus: most recorded queries still find data on today's sample."""
    answered = 0
    for request in QUERIES[:40]:
        reply = await pair.standard.send(request)
        answered += bool(isinstance(reply.body, dict) and reply.body.get("data"))
    assert answered >= 30
