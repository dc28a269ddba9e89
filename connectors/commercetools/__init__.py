"""commercetools (HTTP API) as the catalog, pricing, inventory and orders back end: product
projections and categories, price selection, inventory entries per supply channel, and
customers, carts and orders, with the OAuth client-credentials flow.

    [connectors.commerce]
    kind = "commercetools"
    [connectors.commerce.settings]
    api_url = "https://api.europe-west1.gcp.commercetools.com"
    auth_url = "https://auth.europe-west1.gcp.commercetools.com"
    project_key = "my-shop"
    client_id = "${CTP_CLIENT_ID}"
    client_secret = "${CTP_CLIENT_SECRET}"
    locales = { fr = "fr-FR", en = "en-GB" }
    distribution_channels = { APP = "app" }
    customer_groups = { pro = "b2b" }
    warehouse_channels = ["wh-saran"]

The project needs a Type (`cart_type_key`, resourceTypeIds ["order"]) with the String
fields `omnicanalChannel` and `omnicanalPickupStore`, the Set of String `omnicanalRewards`
and the Number `omnicanalPointsEarned`; `check()` says when it is missing. Stock commits
(StockCommits) take units out of inventory entries (a store's supply channel, or the
`warehouse_channels`) before the order is created, all lines or none, and record each
commit in a Custom Object (container `omnicanal-stock-commits`) so that a key takes stock
once and a release puts back exactly that. Carts keep commercetools' default inventory
mode (`None`): the order itself takes no stock, or it would be taken twice. Holds
(StockHolds), which commercetools lacks, take units out of the store's inventory entries
too and are journalled as Custom Objects (container `omnicanal-holds`); see `holds`.
"""

from __future__ import annotations

from connectors.base import ConnectorSpec
from connectors.commercetools.connector import (
    CommercetoolsConnector,
    create_commercetools_connector,
)
from connectors.commercetools.settings import MAX_LIMIT, CommercetoolsSettings
from connectors.commercetools.webhooks import commercetools_webhooks

SPEC = ConnectorSpec(
    name="commercetools",
    domains=frozenset({"catalog", "pricing", "inventory", "orders"}),
    settings_type=CommercetoolsSettings,
    factory=create_commercetools_connector,
    # One query page; a longer batch is split by the connector anyway (URL length).
    max_batch_size=MAX_LIMIT,
    # Product data changes by the hour, prices by the day (a minute is plenty), stock by
    # the minute; customer data (carts, orders) must be fresh after a write: not cached.
    cache_ttls={"catalog": 300.0, "pricing": 60.0, "inventory": 10.0, "orders": 0.0},
    webhooks=commercetools_webhooks,
)

__all__ = ["SPEC", "CommercetoolsConnector", "CommercetoolsSettings"]
