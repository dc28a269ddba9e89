"""The transaction capabilities the suites put through their tests, one fixture name each.
A connector offers a capability by implementing its Protocol (connectors/protocols.py);
the gateway answers NOT_SUPPORTED for the ones it lacks, and the suites skip them."""

from __future__ import annotations

import pytest

from connectors.protocols import (
    CartPricer,
    LoyaltyTransactions,
    OrderTransactions,
    StockCommits,
    StockHolds,
)
from connectors.testing.under_test import UnderTest

# Fixture name -> the Protocol a connector implements to pass that fixture's tests.
CAPABILITIES: dict[str, type] = {
    "cart_pricer": CartPricer,
    "stock_commits": StockCommits,
    "stock_holds": StockHolds,
    "order_transactions": OrderTransactions,
    "loyalty_transactions": LoyaltyTransactions,
}


def offering(provider: UnderTest, capability: str) -> UnderTest:
    protocol = CAPABILITIES[capability]
    if not isinstance(provider.connector, protocol):
        pytest.skip(f"{provider.name} does not offer {protocol.__name__}")
    return provider
