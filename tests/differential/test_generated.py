"""A few hundred generated read-only queries (tests/differential/generator.py), each sent to
both executors and compared. Deterministic (`derandomize`): CI draws the same documents
every run; a failure is shrunk by hypothesis to a small document that still disagrees.

Hypothesis drives a synchronous test, so it runs in a worker thread and hands each
request to the session's event loop, where the gateways live."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.differential.credentials import DEMO_TOKEN, KEY
from tests.differential.exchange import Request
from tests.differential.generator import Generated, operations
from tests.differential.pairs import Pair

pytestmark = pytest.mark.differential

EXAMPLES = 300
REQUEST_TIMEOUT_S = 60.0
# Who asks: signed out on the web, signed in (customer, cart and order fields resolve), and
# a key choosing the app channel.
CALLERS = ((), DEMO_TOKEN, (*KEY, ("X-Omnicanal-Channel", "APP")))


async def test_generated_queries_get_the_same_answer(pair: Pair) -> None:
    loop = asyncio.get_running_loop()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations(), st.sampled_from(CALLERS))
    def compare(generated: Generated, caller: tuple[tuple[str, str], ...]) -> None:
        request = Request(generated.query, generated.variables or None, headers=caller)
        asyncio.run_coroutine_threadsafe(pair.same(request), loop).result(REQUEST_TIMEOUT_S)

    await asyncio.to_thread(compare)
