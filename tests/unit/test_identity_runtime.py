"""`[identity.accounts]` as a retailer runs it: the OMS (here the sample) signs the
customer in, Odoo's res.partner says which pricelist they buy on, and the token and
the prices follow that group."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.context import CommerceContext
from connectors.identity_accounts import GroupedCustomers
from connectors.protocols import OrderTransactions
from connectors.sample import DEMO_CUSTOMER_ID, DEMO_EMAIL, DEMO_PASSWORD
from gateway.config import GatewayConfig, parse
from gateway.runtime import start_runtime
from tests.emulators.odoo import DATABASE, LOGIN, PASSWORD, RunningOdoo, serve

TOML = """
[connectors.commerce]
kind = "sample"
[connectors.erp]
kind = "odoo"
[connectors.erp.settings]
base_url = "{url}"
database = "{database}"
login = "{login}"
api_key = "{key}"
pricelists = {{ default = "Retail", pro = "Pro" }}
[domains]
catalog = "commerce"
pricing = "erp"
inventory = "commerce"
content = "commerce"
orders = "commerce"
loyalty = "commerce"
[identity.accounts]
link = "email"
to = "erp"
"""


@pytest.fixture
async def odoo() -> AsyncIterator[RunningOdoo]:
    emulator = await serve()
    # The ERP puts the demo customer (Retail in the seed) on the Pro pricelist.
    (demo,) = [r for r in emulator.server.models.tables["res.partner"] if r["id"] == 30]
    demo["property_product_pricelist"] = [3, "Pro (EUR)"]
    yield emulator
    await emulator.aclose()


def config(odoo: RunningOdoo, data_dir: Path) -> GatewayConfig:
    text = TOML.format(url=odoo.base_url, database=DATABASE, login=LOGIN, key=PASSWORD)
    return replace(parse(tomllib.loads(text), "omnicanal.toml"), data_dir=data_dir)


async def test_sign_in_token_and_prices_follow_the_erp_group(
    odoo: RunningOdoo, own_sample_dir: Path
) -> None:
    runtime = await start_runtime(config(odoo, own_sample_dir))
    try:
        orders = runtime.backends.orders
        assert isinstance(orders, GroupedCustomers)
        assert isinstance(orders, OrderTransactions)  # carts and checkout still the OMS's
        before = odoo.calls()
        customer = await orders.authenticate(DEMO_EMAIL, DEMO_PASSWORD, CommerceContext())
        assert customer is not None
        assert customer.customer_group == "pro"  # the sample alone says "default"
        assert odoo.calls() - before == 1
        token, _ = runtime.tokens.issue(customer)
        claims = runtime.tokens.verify(token)
        assert claims is not None
        assert claims.customer_group == "pro"
        ctx = CommerceContext().with_customer(claims.customer_id, claims.customer_group)
        (price,) = await runtime.backends.pricing.prices(["BAG-PACK"], ctx)
        assert price is not None
        assert price.amount.amount == Decimal("40.00")  # the Pro backpack
        (read,) = await orders.customers([DEMO_CUSTOMER_ID], ctx)
        assert read is not None
        assert read.customer_group == "pro"
        assert odoo.calls() - before == 2  # the group came from the link cache
    finally:
        await runtime.aclose()
