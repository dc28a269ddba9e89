"""Settings mistakes are named by key before anything talks to Odoo."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.base import SettingsError
from connectors.context import Channel, CommerceContext
from connectors.odoo import SPEC

BASE: dict[str, Any] = {
    "base_url": "https://erp.example.com",
    "database": "prod",
    "login": "api@example.com",
    "api_key": "k",
}


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"base_url": "erp.example.com"}, "base_url"),
        ({"api": "xmlrpc"}, "api"),
        ({"max_batch": 0}, "max_batch"),
        ({"max_batch": 10_000}, "max_batch"),
        ({"retry_attempts": 0}, "retry_attempts"),
        ({"api_key": ""}, "api_key"),
        ({"pricelists": {}}, "pricelists"),
        ({"pricelists": {"pro@SHOP": "Pro"}}, "pricelists.pro@SHOP"),
        ({"pricelists": {"pro": 3}}, "pricelists.pro"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_mistakes_name_their_key(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(SettingsError) as raised:
        SPEC.parse_settings(BASE | overrides)
    assert raised.value.key == key


def test_pricelist_lookup_prefers_group_then_channel_then_default() -> None:
    settings = SPEC.parse_settings(
        BASE | {"pricelists": {"default": "R", "pro": "P", "default@APP": "A", "pro@KIOSK": "K"}}
    )
    app, kiosk = CommerceContext(channel=Channel.APP), CommerceContext(channel=Channel.KIOSK)
    assert settings.pricelist_for(CommerceContext()) == "R"
    assert settings.pricelist_for(app) == "A"
    assert settings.pricelist_for(app.with_customer("c", "pro")) == "P"
    assert settings.pricelist_for(kiosk.with_customer("c", "pro")) == "K"
