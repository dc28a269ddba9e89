"""The Odoo connector against the Odoo emulator, for the pricing and inventory suites.

Upstream calls are `execute_kw` calls; signing in (`common.authenticate`) is not data and
is not counted. The connector signs in and reads its pricelists at start-up, so a batch
counts its own calls. Odoo serves no catalog here: the suite uses the seeded SKUs.
`customer_id` is a seeded res.partner (Odoo's customer accounts are not a domain: they
are tested in tests/unit/odoo/test_odoo_customers.py and through `[identity.accounts]`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from connectors.base import ConnectorEnv
from connectors.odoo import SPEC
from tests.contract.providers import UnderTest
from tests.emulators.odoo import DATABASE, LOGIN, PASSWORD, serve
from tests.emulators.odoo.dataset import seed

NAME = "odoo"


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    emulator = await serve()
    skus = tuple(str(p["default_code"]) for p in seed()["product.product"])
    try:
        async with aiohttp.ClientSession() as session:
            settings = SPEC.parse_settings(
                {
                    "base_url": emulator.base_url,
                    "database": DATABASE,
                    "login": LOGIN,
                    "api_key": PASSWORD,
                    "pricelists": {"default": "Retail", "pro": "Pro"},
                    "store_warehouses": ["PAR1", "LYO1", "MRS1", "BDX1", "LIL1", "BRU1"],
                }
            )
            connector = SPEC.factory(settings, ConnectorEnv(NAME, session, data_dir))
            await connector.start()
            try:
                yield UnderTest(
                    NAME, SPEC, connector, emulator.calls, customer_id="21", known_skus=skus
                )
            finally:
                await connector.aclose()
    finally:
        await emulator.aclose()
