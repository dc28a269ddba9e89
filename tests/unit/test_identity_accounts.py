"""The OMS through an ERP's customer accounts: the customers it reads and signs in buy in
the group of their ERP account (one ERP call per batch, cached per customer), and a
customer the ERP does not know keeps the OMS's group. Last, the same against Odoo's
res.partner on the emulator."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from connectors.base import ConnectorEnv
from connectors.caching import SharedCache
from connectors.context import CommerceContext
from connectors.identity_accounts import GroupedCustomers
from connectors.identity_cache import LINK_DOMAIN, LinkCache
from connectors.models import Customer
from connectors.odoo import SPEC as ODOO
from connectors.protocols import OrderTransactions
from tests.emulators.odoo import DATABASE, LOGIN, PASSWORD, serve
from tests.unit.identity_fakes import FakeErp, FakeOms, customer

CTX = CommerceContext()


def oms() -> FakeOms:
    return FakeOms(
        {
            "ct-1": customer("ct-1", "Camille.Martin@example.com"),
            "ct-2": customer("ct-2", "leo@example.com"),
            "ct-3": Customer("ct-3", "vip@example.com", customer_group="vip"),
        }
    )


def cached() -> LinkCache:
    return LinkCache(SharedCache({LINK_DOMAIN: 600.0}, source="identity.accounts"), 30.0)


async def test_customers_take_their_erp_group_in_one_call_per_batch() -> None:
    the_oms = oms()
    erp = FakeErp({"camille.martin@example.com": "pro", "leo@example.com": "default"})
    grouped = GroupedCustomers(the_oms, erp, cached())
    found = await grouped.customers(["ct-3", "ct-1", "nope", "ct-2"], CTX)
    assert [c.customer_group if c else None for c in found] == ["vip", "pro", None, "default"]
    assert [c.id if c else None for c in found] == ["ct-3", "ct-1", None, "ct-2"]
    assert erp.calls == [["vip@example.com", "camille.martin@example.com", "leo@example.com"]]
    await grouped.customers(["ct-1", "ct-2"], CTX)
    assert len(erp.calls) == 1  # cached per customer


async def test_sign_in_carries_the_erp_group() -> None:
    erp = FakeErp({"camille.martin@example.com": "pro"})
    grouped = GroupedCustomers(oms(), erp, cached())
    signed_in = await grouped.authenticate("Camille.Martin@example.com", "secret", CTX)
    assert signed_in is not None
    assert signed_in.customer_group == "pro"
    assert await grouped.authenticate("Camille.Martin@example.com", "wrong", CTX) is None
    assert len(erp.calls) == 1


async def test_everything_else_is_the_oms_own() -> None:
    the_oms = oms()
    grouped = GroupedCustomers(the_oms, FakeErp({}), cached())
    assert await grouped.carts(["c-1"], CTX) == [None]
    assert grouped.name == "commerce"
    assert not isinstance(grouped, OrderTransactions)  # the fake OMS takes no carts


async def test_odoo_partners_give_the_group_of_their_pricelist(tmp_path: Path) -> None:
    odoo = await serve()
    try:
        async with aiohttp.ClientSession() as session:
            settings = ODOO.parse_settings(
                {
                    "base_url": odoo.base_url,
                    "database": DATABASE,
                    "login": LOGIN,
                    "api_key": PASSWORD,
                    "pricelists": {"default": "Retail", "pro": "Pro"},
                }
            )
            erp = ODOO.factory(settings, ConnectorEnv("erp", session, tmp_path))
            await erp.start()
            before = odoo.calls()
            the_oms = FakeOms(
                {
                    "ct-1": customer("ct-1", "CAMILLE.MARTIN@example.com"),
                    "ct-2": customer("ct-2", "leo.bernard@example.com"),
                    "ct-3": Customer("ct-3", "stranger@example.com", customer_group="vip"),
                    "ct-4": customer("ct-4", "ines@atelier-dupont.example"),
                }
            )
            grouped = GroupedCustomers(the_oms, erp, cached())  # type: ignore[arg-type]
            found = await grouped.customers(["ct-1", "ct-2", "ct-3", "ct-4"], CTX)
            assert [c.customer_group if c else None for c in found] == [
                "pro",
                "default",
                "vip",
                "pro",
            ]
            assert odoo.calls() - before == 1
    finally:
        await odoo.aclose()
