"""CommercetoolsSettings: a wrong value is refused at start-up naming its key."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.base import SettingsError
from connectors.commercetools import SPEC, CommercetoolsSettings
from connectors.context import CommerceContext

REQUIRED = {
    "api_url": "https://api.europe-west1.gcp.commercetools.com",
    "auth_url": "https://auth.europe-west1.gcp.commercetools.com",
    "project_key": "shop",
    "client_id": "id",
    "client_secret": "secret",
}


def _settings(**overrides: Any) -> CommercetoolsSettings:
    parsed = SPEC.parse_settings({**REQUIRED, **overrides})
    assert isinstance(parsed, CommercetoolsSettings)
    return parsed


def test_defaults() -> None:
    settings = _settings()
    assert settings.scope == "manage_project:shop"
    assert (settings.sign_in, settings.max_batch, settings.cart_type_key) == (
        "login",
        500,
        "omnicanal-cart",
    )
    assert _settings(scopes="view_products:shop manage_orders:shop").scope.startswith("view_")


def test_locales_follow_the_language_tag() -> None:
    settings = _settings(locales={"fr": "fr-FR", "en": "en-GB", "en-US": "en-US"})
    assert [settings.locale(tag) for tag in ("fr", "FR-be", "en-US", "en-AU", "de")] == [
        "fr-FR",
        "fr-FR",
        "en-US",
        "en-GB",
        "en-GB",
    ]


def test_warehouses_come_as_an_array() -> None:
    assert _settings(warehouse_channels=["wh-1", "wh-2"]).warehouse_channels == ("wh-1", "wh-2")


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"api_url": "api.commercetools.com"}, "api_url"),
        ({"auth_url": "ftp://auth"}, "auth_url"),
        ({"client_secret": ""}, "client_secret"),
        ({"max_batch": 501}, "max_batch"),
        ({"max_query_length": 100}, "max_query_length"),
        ({"retry_attempts": 0}, "retry_attempts"),
        ({"sign_in": "magic"}, "sign_in"),
        ({"distribution_channels": {"TV": "tv"}}, "distribution_channels.TV"),
        ({"customer_groups": {"pro": ""}}, "customer_groups.pro"),
        ({"warehouse_channels": "wh-1"}, "warehouse_channels"),
        ({"timeout": 3}, "timeout"),
        ({"loyalty_card_field": "loyalty card"}, "loyalty_card_field"),
        ({"loyalty_card_field": "x"}, "loyalty_card_field"),
        ({"loyalty_card_field": 7}, "loyalty_card_field"),
    ],
)
def test_mistakes_name_their_key(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(SettingsError) as raised:
        _settings(**overrides)
    assert raised.value.key == key


def test_the_manifest() -> None:
    assert SPEC.domains == frozenset({"catalog", "pricing", "inventory", "orders"})
    assert SPEC.max_batch_size == 500
    assert CommerceContext().customer_group not in _settings().customer_groups
