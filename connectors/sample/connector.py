"""The sample back office: one connector serving all six domains from a local SQLite file.

Each domain's reads live in their own module; this class composes them and owns the
lifecycle (generate the file if needed, open it, probe it, close it).
"""

from __future__ import annotations

from connectors.base import ConnectorEnv
from connectors.errors import UpstreamUnavailable
from connectors.sample.catalog import SampleCatalog
from connectors.sample.content import SampleContent
from connectors.sample.db import SampleDatabase
from connectors.sample.generate import ensure_database
from connectors.sample.inventory import SampleInventory
from connectors.sample.loyalty import SampleLoyalty
from connectors.sample.orders import SampleOrders
from connectors.sample.pricing import SamplePricing
from connectors.sample.settings import SampleSettings


class SampleConnector(
    SampleCatalog, SamplePricing, SampleInventory, SampleContent, SampleOrders, SampleLoyalty
):
    def __init__(self, settings: SampleSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        # `db.statements` counts the SQL statements the protocol methods have run.
        self.db = SampleDatabase(settings.database_path(env.data_dir), connector=env.instance)
        self.generated = False

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
        await self.db.close()


def create_sample_connector(settings: SampleSettings, env: ConnectorEnv) -> SampleConnector:
    return SampleConnector(settings, env)
