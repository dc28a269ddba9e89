"""What a contract suite puts through its tests: one connector, a way to count its upstream
calls, and a few keys only its back end knows (the suites discover the rest through the
connector itself)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import ConnectorSpec

# `move_price(skus, cents)`: raise, in the back end itself (as a merchant would between a
# shopper's view and checkout), every price of the first of `skus` it can move by `cents`
# (in each of its currencies and scopes) and return that SKU; `-cents` puts it back. It
# may `pytest.skip` when none of `skus` can be moved.
PriceMover = Callable[[Sequence[str], int], Awaitable[str]]


@dataclass
class UnderTest:
    name: str
    spec: ConnectorSpec
    connector: Any
    # Requests the connector has sent upstream so far (the suites assert one per batch).
    upstream_calls: Callable[[], int]
    page_handle: str = "home"
    customer_id: str = ""
    # For providers without a catalog: keys their back end knows.
    known_product_ids: tuple[str, ...] = ()
    known_skus: tuple[str, ...] = ()
    # Email and password of a customer, for providers that sign customers in.
    credentials: tuple[str, str] | None = None
    # For the transaction suites (connectors/testing/transactions_suite.py); the tests
    # needing one skip, saying so, when it is missing.
    # A live promotion code of the back end that discounts some of the known SKUs in the
    # APP channel (the order-total test puts it on a non-WEB cart).
    promotion_code: str | None = None
    # How to move a price in the back end (the PRICE_CHANGED test); see PriceMover.
    move_price: PriceMover | None = None

    def serves(self, domain: str) -> bool:
        return domain in self.spec.domains


# `provide(data_dir)`: an async context manager that starts the connector (and whatever
# emulator it talks to) and yields it ready; it closes both on exit.
Provider = Callable[[Path], AbstractAsyncContextManager[UnderTest]]
