"""commercetools as omnicanal's catalog, pricing, inventory and orders: the parts composed,
and the lifecycle (fetch a token and the reference data at start-up, probe, close).

Catalog in `catalog` and `listing`, prices in `pricing` and `cart_pricing`, stock and
stores in `inventory`, stock taken by checkout in `stock_commits`, click-and-collect holds
in `holds` (inventory quantities and a journal of Custom Objects), customers, carts and
orders in `orders`, `carts`, `checkout` and `signin`; the HTTP plumbing in `client` and
`auth`, JSON to models in `normalise`.
"""

from __future__ import annotations

import logging

from connectors.base import ConnectorEnv
from connectors.commercetools.cart_pricing import CartPricer
from connectors.commercetools.catalog import CatalogReads
from connectors.commercetools.checkout import Checkout
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.core import utc_now
from connectors.commercetools.holds import Holds
from connectors.commercetools.inventory import Inventory
from connectors.commercetools.listing import Listing
from connectors.commercetools.reference import ReferenceCache
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.commercetools.signin import SignIn
from connectors.commercetools.stock_commits import StockMoves
from connectors.errors import ConnectorError, UpstreamAuthError

log = logging.getLogger(__name__)


class CommercetoolsConnector(
    CatalogReads, Listing, CartPricer, Inventory, Holds, StockMoves, SignIn, Checkout
):
    def __init__(self, settings: CommercetoolsSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        self.client = CommercetoolsClient(settings, env)
        self.reference = ReferenceCache(self.client, settings.reference_ttl_s)
        self.now = utc_now

    async def start(self) -> None:
        """Fetch a token and the reference data now, so that batches cost only their own
        calls. Wrong credentials stop start-up; an API that is down only delays reads."""
        try:
            await self.reference.get()
        except UpstreamAuthError:
            raise
        except ConnectorError as exc:
            log.warning("%s: commercetools not reachable at start-up: %s", self.name, exc)

    async def check(self) -> None:
        """The credentials work, and the cart type and every configured key exist."""
        self.reference.invalidate()
        ref = await self.reference.get()
        s = self.settings
        type_path = f"/types/key={s.cart_type_key}"
        if await self.client.get(type_path) is None:
            raise UpstreamAuthError(self.name, f"no type {s.cart_type_key!r} (cart_type_key)")
        channels = {*s.distribution_channels.values(), *s.warehouse_channels}
        for key in sorted(channels - set(ref.channel_ids)):
            raise UpstreamAuthError(self.name, f"no channel {key!r} in commercetools")
        for key in sorted(set(s.customer_groups.values()) - set(ref.group_ids)):
            raise UpstreamAuthError(self.name, f"no customer group {key!r} in commercetools")

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway


def create_commercetools_connector(
    settings: CommercetoolsSettings, env: ConnectorEnv
) -> CommercetoolsConnector:
    return CommercetoolsConnector(settings, env)
