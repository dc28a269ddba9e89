"""Partial failures: the listing and product queries with one back-office method failing
(tests/support/instrumented.py), then two at once; the nulls, error paths and codes must be
the same on both executors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway import examples
from tests.conftest import instrumented_config
from tests.differential.credentials import DEMO_TOKEN
from tests.differential.exchange import Request
from tests.differential.pairs import Pair, running_pair
from tests.support.instrumented import BATCH_METHODS

pytestmark = pytest.mark.differential

# The methods these queries call, by the listing (search, prices, stock, all_stores,
# product_content, points_for), by a product page (products_by_*, categories…) and by the
# signed-in customer query (customers, orders_by_customer, accounts…).
FAILURES = [*sorted(BATCH_METHODS), "prices,stock", "search,product_content", "products,categories"]
QUERIES = [
    Request(examples.LISTING),
    Request(examples.PRODUCT_EN_GBP % {"handle": "garden-shears-1"}),
    Request(examples.OUT_OF_STOCK_ONLINE),
    Request(examples.STORES_WITH_ALL_THREE),
    Request("""{ category(handle: "garden-tools") { title parent { title }
      products(first: 3) { nodes { handle price { amount } } } } }"""),
    Request('{ nodes(ids: ["UHJvZHVjdDpQMDAwMDAx", "U3RvcmU6UzAwMQ"]) { id __typename } }'),
    Request(
        "{ customer { email loyalty { pointsBalance } orders(first: 2) { nodes { number } } } }",
        headers=DEMO_TOKEN,
    ),
]


@pytest.mark.parametrize("failing", FAILURES)
async def test_a_failing_method_fails_the_same_fields(
    sample_dir: Path, pair: Pair, failing: str
) -> None:
    async with running_pair(instrumented_config(sample_dir, failing=failing)) as failing_pair:
        failing_pair.share_credentials(pair)  # the same data dir: the same keys and secret
        for request in QUERIES:
            await failing_pair.same(request)
