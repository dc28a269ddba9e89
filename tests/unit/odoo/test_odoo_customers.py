"""Customer accounts from res.partner: by id and by email, one `in` search_read per batch,
in key order with None for what Odoo does not have, the pricelist read back as the
customer group; an archived partner is not an account."""

from __future__ import annotations

import pytest
from odoo_support import Make

from connectors.context import CommerceContext
from connectors.errors import UpstreamUnavailable
from connectors.protocols import CustomerAccounts
from tests.emulators.odoo import RunningOdoo

CTX = CommerceContext()


async def test_accounts_by_email_in_one_call_in_key_order(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    assert isinstance(connector, CustomerAccounts)
    before = odoo.calls()
    emails = [
        "nobody@example.com",
        "camille.martin@example.com",
        "leo.bernard@example.com",
        "CAMILLE.MARTIN@example.com",
        "",
    ]
    found = await connector.customers_by_email(emails, CTX)
    assert odoo.calls() - before == 1
    assert [c.id if c else None for c in found] == [None, "21", "22", "21", None]
    camille, leo = found[1], found[2]
    assert camille is not None
    assert leo is not None
    assert (camille.first_name, camille.last_name) == ("Camille", "Martin")
    assert camille.customer_group == "pro"  # the Pro pricelist
    assert leo.customer_group == "default"  # Retail is the default group's pricelist
    assert leo.email == "Leo.Bernard@Example.COM"  # as Odoo keeps it


async def test_accounts_by_id_in_one_call_with_none_for_missing(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    before = odoo.calls()
    found = await connector.customers(["24", "9999", "not-a-partner", "21", " 21 "], CTX)
    assert odoo.calls() - before == 1
    assert [c.id if c else None for c in found] == ["24", None, None, "21", "21"]
    ines = found[0]
    assert ines is not None
    assert ines.customer_group == "pro"


async def test_ids_that_name_no_partner_cost_no_call(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    before = odoo.calls()
    assert await connector.customers(["x", "", "-3", "1" * 40], CTX) == [None] * 4
    assert await connector.customers_by_email(["", "  "], CTX) == [None, None]
    assert odoo.calls() == before


async def test_batches_are_chunked_at_max_batch(make: Make, odoo: RunningOdoo) -> None:
    connector = await make(max_batch=2)
    before = odoo.calls()
    emails = ["camille.martin@example.com", "leo.bernard@example.com", "app.only@example.com"]
    found = await connector.customers_by_email(emails, CTX)
    assert odoo.calls() - before == 2
    assert [c.id if c else None for c in found] == ["21", "22", "26"]


async def test_an_archived_partner_or_one_without_email_is_no_account(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make()
    assert await connector.customers_by_email(["old.account@example.com"], CTX) == [None]
    assert await connector.customers(["25", "29"], CTX) == [None, None]


async def test_a_shared_address_means_the_customer_not_the_supplier(make: Make) -> None:
    connector = await make()
    (sam,) = await connector.customers_by_email(["sam@example.com"], CTX)
    assert sam is not None
    assert sam.id == "28"
    assert sam.customer_group == "pro"


async def test_a_pricelist_no_group_names_is_the_default_group(make: Make) -> None:
    """App is configured for `default@APP` only: no group buys on it everywhere."""
    connector = await make()
    (app_only,) = await connector.customers(["26"], CTX)
    assert app_only is not None
    assert app_only.customer_group == "default"


async def test_the_first_group_naming_a_pricelist_wins(make: Make) -> None:
    connector = await make(pricelists={"default": "Retail", "b2b": "Pro", "pro": "Pro"})
    (camille,) = await connector.customers(["21"], CTX)
    assert camille is not None
    assert camille.customer_group == "b2b"


async def test_json2_answers_the_same_accounts(make: Make, odoo: RunningOdoo) -> None:
    jsonrpc, json2 = await make(), await make(api="json2")
    before = odoo.counts["json2"]
    emails = ["ines@atelier-dupont.example", "nobody@example.com"]
    assert await json2.customers_by_email(emails, CTX) == await jsonrpc.customers_by_email(
        emails, CTX
    )
    assert odoo.counts["json2"] - before == 1


async def test_an_outage_is_upstream_unavailable(make: Make, odoo: RunningOdoo) -> None:
    connector = await make(retry_attempts=1)
    odoo.server.outages = 1
    with pytest.raises(UpstreamUnavailable):
        await connector.customers_by_email(["camille.martin@example.com"], CTX)
