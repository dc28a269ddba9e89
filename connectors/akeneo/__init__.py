"""Akeneo PIM (REST API v1) as the catalog domain: product models and their variant
products, simple products and categories, read with the OAuth password grant.

    [connectors.pim]
    kind = "akeneo"
    [connectors.pim.settings]
    base_url = "https://pim.example.com"
    client_id = "${AKENEO_CLIENT_ID}"
    client_secret = "${AKENEO_SECRET}"
    username = "${AKENEO_USERNAME}"
    password = "${AKENEO_PASSWORD}"
    scope = "ecommerce"
    channel_scopes = { APP = "mobile" }
"""

from __future__ import annotations

from connectors.akeneo.connector import AkeneoConnector, create_akeneo_connector
from connectors.akeneo.settings import MAX_BATCH, AkeneoSettings
from connectors.akeneo.webhooks import akeneo_webhooks
from connectors.base import ConnectorSpec

SPEC = ConnectorSpec(
    name="akeneo",
    domains=frozenset({"catalog"}),
    settings_type=AkeneoSettings,
    factory=create_akeneo_connector,
    max_batch_size=MAX_BATCH,
    # Product information changes by the hour in a PIM, not by the second; five minutes of
    # staleness costs nothing and spares Akeneo (whose SaaS rate-limits) most reads.
    cache_ttls={"catalog": 300.0},
    webhooks=akeneo_webhooks,
)

__all__ = ["SPEC", "AkeneoConnector", "AkeneoSettings"]
