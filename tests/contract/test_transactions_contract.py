"""Transaction contracts (CartPricer, OrderTransactions, StockCommits, StockHolds,
LoyaltyTransactions), run against every in-tree provider whose connector offers them.

The suite lives in the kit (connectors/testing/transactions_suite.py) so that third-party
connector packages run it too (`connector_test_class`); pytest collects the imported tests
here with this directory's fixtures. The providers give what only their back end knows:
a live promotion code and a way to move a price (tests/contract/reprice.py)."""

from __future__ import annotations

from connectors.testing.transactions_suite import *  # noqa: F403
