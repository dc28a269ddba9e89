"""Starting the composed back office's upstreams on 127.0.0.1: the Akeneo, Odoo and
Voucherify emulators (in this process), the commercetools mock and a real Strapi 5 (child
processes, installed from npm on first use), and the environment that `composable.toml`
reads their addresses from."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from examples.erp_catalogue import composed_tables
from examples.pim_catalogue import build_catalogue, product_ids
from tests.emulators import odoo
from tests.emulators.akeneo import app as akeneo
from tests.emulators.voucherify import app as voucherify
from tests.upstreams.commercetools import dataset
from tests.upstreams.commercetools.server import CommercetoolsMockServer
from tests.upstreams.strapi.server import StrapiServer


@dataclass(frozen=True)
class Upstreams:
    akeneo: akeneo.RunningAkeneo
    commercetools_url: str
    strapi_url: str
    strapi_token: str
    erp: odoo.RunningOdoo
    loyalty: voucherify.RunningVoucherify

    def environment(self, commercetools_url: str = "", strapi_url: str = "") -> dict[str, str]:
        """What composable.toml reads; the URLs may be overridden (e.g. by a proxy)."""
        ctp = commercetools_url or self.commercetools_url
        return {
            "AKENEO_URL": self.akeneo.base_url,
            "AKENEO_CLIENT_ID": akeneo.CLIENT_ID,
            "AKENEO_CLIENT_SECRET": akeneo.SECRET,
            "AKENEO_USERNAME": akeneo.USERNAME,
            "AKENEO_PASSWORD": akeneo.PASSWORD,
            "CTP_API_URL": ctp,
            "CTP_AUTH_URL": ctp,
            "CTP_PROJECT_KEY": dataset.PROJECT_KEY,
            "CTP_CLIENT_ID": dataset.CLIENT_ID,
            "CTP_CLIENT_SECRET": dataset.CLIENT_SECRET,
            "STRAPI_URL": strapi_url or self.strapi_url,
            "STRAPI_API_TOKEN": self.strapi_token,
            "ODOO_URL": self.erp.base_url,
            "ODOO_DATABASE": odoo.DATABASE,
            "ODOO_LOGIN": odoo.LOGIN,
            "ODOO_API_KEY": odoo.PASSWORD,
            **voucherify.environment(self.loyalty),
        }


@contextlib.asynccontextmanager
async def running_upstreams() -> AsyncIterator[Upstreams]:
    pim = await akeneo.serve(catalogue=build_catalogue())
    erp = await odoo.serve(tables=composed_tables())
    loyalty = await voucherify.serve()
    commerce = CommercetoolsMockServer()
    cms = StrapiServer(product_ids=product_ids())
    try:
        # Both block while they install, start and seed: run them side by side.
        await asyncio.gather(asyncio.to_thread(commerce.start), asyncio.to_thread(cms.start))
        yield Upstreams(pim, commerce.base_url, cms.base_url, cms.api_token, erp, loyalty)
    finally:
        await asyncio.gather(
            asyncio.to_thread(commerce.stop), asyncio.to_thread(cms.stop), return_exceptions=True
        )
        await asyncio.gather(pim.aclose(), erp.aclose(), loyalty.aclose())
