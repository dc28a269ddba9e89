"""The connector author's kit: the contract suites every connector of a domain passes,
importable by third-party connector packages.

    from connectors.testing import UnderTest, connector_test_class

    TestMyConnector = connector_test_class(provide)

Needs pytest and pytest-asyncio (the `test` extra); nothing else in omnicanal imports it."""

from __future__ import annotations

from connectors.testing.keys import MISSING
from connectors.testing.suite_class import ConnectorContract, connector_test_class, suite_tests
from connectors.testing.under_test import Provider, UnderTest

__all__ = [
    "MISSING",
    "ConnectorContract",
    "Provider",
    "UnderTest",
    "connector_test_class",
    "suite_tests",
]
