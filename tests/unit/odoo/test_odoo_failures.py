"""Odoo's failures as connector errors: wrong credentials (Odoo's False to authenticate,
AccessDenied to execute_kw, 401 on JSON-2) stop start-up with UPSTREAM_MISCONFIGURED;
an exception in a call (an invalid field) is UPSTREAM_BAD_RESPONSE; a 5xx is retried
and, when it lasts, UPSTREAM_UNAVAILABLE."""

from __future__ import annotations

import pytest
from odoo_support import Make

from connectors.context import CommerceContext
from connectors.errors import UpstreamAuthError, UpstreamBadResponse, UpstreamUnavailable
from connectors.odoo.rpc import OdooRpc
from tests.emulators.odoo import RunningOdoo

CTX = CommerceContext()


async def test_a_wrong_api_key_stops_start_up_with_a_coded_error(make: Make) -> None:
    with pytest.raises(UpstreamAuthError) as raised:
        await make(api_key="not-the-key")
    assert raised.value.code == "UPSTREAM_MISCONFIGURED"
    assert raised.value.connector == "erp"


async def test_a_wrong_database_stops_start_up(make: Make) -> None:
    with pytest.raises(UpstreamAuthError):
        await make(database="elsewhere")


async def test_access_denied_in_execute_kw_is_an_auth_error(make: Make) -> None:
    """The uid signed in, then the key revoked: Odoo answers execute_kw AccessDenied."""
    connector = await make(start=False)
    rpc: OdooRpc = connector.rpc
    rpc._uid = 99  # a user id the emulator does not know
    with pytest.raises(UpstreamAuthError):
        await rpc.search_read("product.product", [], ["default_code"])


async def test_a_wrong_key_on_json2_is_an_auth_error(make: Make) -> None:
    with pytest.raises(UpstreamAuthError):
        await make(api="json2", api_key="not-the-key")


@pytest.mark.parametrize("api", ["jsonrpc", "json2"])
async def test_an_invalid_field_is_a_bad_response(make: Make, api: str) -> None:
    connector = await make(api=api)
    with pytest.raises(UpstreamBadResponse) as raised:
        await connector.rpc.search_read("product.product", [("no_such", "=", 1)], ["id"])
    assert "Invalid field" in raised.value.detail
    assert raised.value.code == "UPSTREAM_BAD_RESPONSE"


async def test_an_unknown_model_is_a_bad_response(make: Make) -> None:
    connector = await make()
    with pytest.raises(UpstreamBadResponse):
        await connector.rpc.search_read("no.such.model", [], ["id"])


async def test_a_brief_outage_is_retried(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    odoo.server.outages = 1
    (cap,) = await connector.prices(["CAP"], CTX)
    assert cap is not None
    assert odoo.counts["outage"] == 1


async def test_a_lasting_outage_is_unavailable_after_bounded_retries(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make(retry_attempts=2)
    odoo.server.outages = 10
    with pytest.raises(UpstreamUnavailable):
        await connector.prices(["CAP"], CTX)
    assert odoo.counts["outage"] == 2


async def test_an_odoo_down_at_start_up_only_delays_the_reads(
    make: Make, odoo: RunningOdoo
) -> None:
    odoo.server.outages = 3
    connector = await make(retry_attempts=1)
    odoo.server.outages = 0
    (cap,) = await connector.prices(["CAP"], CTX)
    assert cap is not None
    assert cap.amount.currency == "EUR"
