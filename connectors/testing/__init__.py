"""The connector author's kit: the contract suites every connector of a domain passes,
importable by third-party connector packages.

    from connectors.testing import UnderTest, connector_test_class

    TestMyConnector = connector_test_class(provide)

The class carries the read-side suites (one per domain) and the transaction suite (carts,
orders, stock commits and holds, loyalty postings), each test skipped, saying why, where
the connector lacks the domain or the transaction Protocol it exercises. What only the
back end knows (a live promotion code, a way to move a price) is `UnderTest`'s to give.

Needs pytest and pytest-asyncio (the `test` extra); nothing else in omnicanal imports it."""

from __future__ import annotations

from connectors.testing.keys import MISSING
from connectors.testing.suite_class import ConnectorContract, connector_test_class, suite_tests
from connectors.testing.under_test import PriceMover, Provider, UnderTest

__all__ = [
    "MISSING",
    "ConnectorContract",
    "PriceMover",
    "Provider",
    "UnderTest",
    "connector_test_class",
    "suite_tests",
]
