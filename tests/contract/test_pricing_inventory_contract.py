"""PricingConnector and InventoryConnector contracts, run against every in-tree provider.

The suite lives in the kit (connectors/testing/pricing_inventory_suite.py) so that third-party connector
packages run it too (`connector_test_class`); pytest collects the imported tests here with
this directory's fixtures."""

from __future__ import annotations

from connectors.testing.pricing_inventory_suite import *  # noqa: F403
