"""The sample back office: one connector serving all six domains from a local SQLite file,
with every domain's transactions.

Each domain's reads and writes live in their own modules; this class composes them and owns
the lifecycle (generate the file if needed, open it, probe it, close it) and the clock.
"""

from __future__ import annotations

from connectors.base import ConnectorEnv
from connectors.errors import UpstreamUnavailable
from connectors.sample.auth import PasswordVerifier, SampleAuth
from connectors.sample.cart_pricing import SampleCartPricing
from connectors.sample.carts import SampleCarts
from connectors.sample.catalog import SampleCatalog
from connectors.sample.checkout import SampleCheckout
from connectors.sample.clock import Clock, utc_now
from connectors.sample.content import SampleContent
from connectors.sample.db import SampleDatabase
from connectors.sample.events import EventSink, SampleEventSource
from connectors.sample.generate import ensure_database
from connectors.sample.inventory import SampleInventory
from connectors.sample.loyalty import SampleLoyalty
from connectors.sample.loyalty_postings import SampleLoyaltyPostings
from connectors.sample.orders import SampleOrders
from connectors.sample.pricing import SamplePricing
from connectors.sample.reservations import SampleReservations
from connectors.sample.settings import SampleSettings
from connectors.sample.stock_moves import SampleStockMoves


class SampleConnector(
    SampleCatalog,
    SamplePricing,
    SampleCartPricing,
    SampleInventory,
    SampleReservations,
    SampleStockMoves,
    SampleContent,
    SampleOrders,
    SampleAuth,
    SampleCarts,
    SampleCheckout,
    SampleLoyalty,
    SampleLoyaltyPostings,
    SampleEventSource,
):
    def __init__(self, settings: SampleSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        # `db.statements` counts the SQL statements the protocol methods have run.
        self.db = SampleDatabase(settings.database_path(env.data_dir), connector=env.instance)
        self.passwords = PasswordVerifier()
        # What "now" is for holds, coupons and new records; tests replace it.
        self.now: Clock = utc_now
        self.generated = False
        # Told of each committed stock change (the gateway's event bus listens).
        self._sinks: list[EventSink] = []

    async def start(self) -> None:
        path, seed = self.db.path, self.settings.seed
        # Generation takes about a second: run it on the database thread, off the loop.
        self.generated = await self.db.call(lambda: ensure_database(path, seed))
        await self.db.open()

    async def check(self) -> None:
        try:
            await self.db.ping()
        except UpstreamUnavailable:
            raise
        except Exception as exc:  # any sqlite3 failure means "cannot serve"
            raise UpstreamUnavailable(self.name, f"sample database: {exc}") from exc

    async def aclose(self) -> None:
        self.passwords.close()
        await self.db.close()


def create_sample_connector(settings: SampleSettings, env: ConnectorEnv) -> SampleConnector:
    return SampleConnector(settings, env)
