"""The planner counts what it runs and why it falls back:
`omnicanal_executor_operations_total{executor, reason}` on /metrics, reason "" when the
operation ran planned. Every example the gateway ships must run planned.

The metrics registry is the process's, shared by every gateway a test run starts, so the
test reads the counters' movement around its own requests, sent to the planned side only."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.differential.exchange import send
from tests.differential.pairs import Pair
from tests.differential.sources import shipped_queries

pytestmark = pytest.mark.differential

COUNTER = "omnicanal_executor_operations_total"
Samples = dict[tuple[str, str], float]


async def executor_counts(pair: Pair) -> Samples:
    status, _, text = await pair.planned.client.raw("GET", "/metrics")
    assert status == 200
    return {
        (s.labels.get("executor", ""), s.labels.get("reason", "")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == COUNTER
    }


async def test_every_example_runs_planned(pair: Pair) -> None:
    examples = shipped_queries()
    before = await executor_counts(pair)
    replies = [await send(pair.planned.client, example.request) for example in examples]
    after = await executor_counts(pair)
    moved = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after.keys() | before.keys()}
    # An example refused before execution (APP_PRICES without a key that allows APP) runs
    # on neither executor; every one that ran, ran planned.
    ran = sum(1 for reply in replies if "data" in reply.body)
    assert ran >= len(examples) - 1
    assert {k: v for k, v in moved.items() if v} == {("planned", ""): ran}
