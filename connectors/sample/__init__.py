"""The embedded sample back office: the connector `omnicanal serve` uses with no
configuration. All six domains, served from a SQLite file generated on first start."""

from __future__ import annotations

from connectors.base import DOMAINS, ConnectorSpec
from connectors.sample.connector import SampleConnector, create_sample_connector
from connectors.sample.loyalty_rules import REWARDS
from connectors.sample.passwords import hash_password, verify_password
from connectors.sample.scenario import (
    SCENARIO_GLOVES_SMALL,
    SCENARIO_HANDLES,
    SCENARIO_OUT_OF_STOCK_ONLINE,
    SCENARIO_SKUS,
)
from connectors.sample.seed_customers import DEMO_CUSTOMER_ID, DEMO_EMAIL, DEMO_PASSWORD
from connectors.sample.seed_loyalty import DEMO_CARD_NUMBER
from connectors.sample.settings import SampleSettings
from connectors.sample.webhooks import sample_webhooks

SPEC = ConnectorSpec(
    name="sample",
    domains=frozenset(DOMAINS),
    settings_type=SampleSettings,
    factory=create_sample_connector,
    max_batch_size=500,
    # Local reads are cheap; caching still spares the single database thread. Customer
    # data (orders, loyalty balances) must be fresh after a purchase: not cached.
    cache_ttls={
        "catalog": 300.0,
        "pricing": 60.0,
        "inventory": 10.0,
        "content": 300.0,
        "orders": 0.0,
        "loyalty": 0.0,
    },
    webhooks=sample_webhooks,
)

__all__ = [
    "DEMO_CARD_NUMBER",
    "DEMO_CUSTOMER_ID",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "REWARDS",
    "SCENARIO_GLOVES_SMALL",
    "SCENARIO_HANDLES",
    "SCENARIO_OUT_OF_STOCK_ONLINE",
    "SCENARIO_SKUS",
    "SPEC",
    "SampleConnector",
    "SampleSettings",
    "hash_password",
    "verify_password",
]
