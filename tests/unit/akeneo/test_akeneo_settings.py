"""Settings: a wrong value fails at parse time naming its key; the context maps onto
Akeneo's channel and locale as configured."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from connectors.akeneo import SPEC
from connectors.akeneo.settings import AkeneoSettings, ValueSelection
from connectors.base import SettingsError
from connectors.context import Channel, CommerceContext

REQUIRED = {
    "base_url": "https://pim.example.com",
    "client_id": "id",
    "client_secret": "secret",
    "username": "api",
    "password": "pw",
}


def parse(**extra: Any) -> AkeneoSettings:
    settings = SPEC.parse_settings(REQUIRED | extra)
    assert isinstance(settings, AkeneoSettings)
    return settings


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ({"max_batch": 101}, "max_batch"),
        ({"base_url": "pim.example.com"}, "base_url"),
        ({"channel_scopes": {"SHOP": "mobile"}}, "channel_scopes.SHOP"),
        ({"channel_scopes": "mobile"}, "channel_scopes"),
        ({"locales": {"de": 3}}, "locales.de"),
        ({"retry_attempts": 0}, "retry_attempts"),
        ({"timeout_s": "5"}, "timeout_s"),
        ({"scopes": "ecommerce"}, "scopes"),
    ],
)
def test_a_wrong_setting_is_named(extra: dict[str, Any], key: str) -> None:
    with pytest.raises(SettingsError) as raised:
        parse(**extra)
    assert raised.value.key == key


def test_a_missing_credential_is_named() -> None:
    with pytest.raises(SettingsError) as raised:
        SPEC.parse_settings({k: v for k, v in REQUIRED.items() if k != "password"})
    assert raised.value.key == "password"


def test_the_context_picks_channel_and_locale() -> None:
    settings = parse(channel_scopes={"APP": "mobile", "KIOSK": "store"}, locales={"fr": "fr_BE"})
    ctx = CommerceContext()
    assert settings.selection(ctx) == ValueSelection("ecommerce", "fr_BE", "en_US")
    assert settings.selection(replace(ctx, channel=Channel.APP, language="it")) == ValueSelection(
        "mobile", "en_US", "en_US"
    )
    assert settings.selection(replace(ctx, language="it")).locales == "en_US"
    assert settings.selection(ctx).locales == "fr_BE,en_US"
    assert settings.scopes() == frozenset({"ecommerce", "mobile", "store"})


def test_the_manifest() -> None:
    assert SPEC.name == "akeneo"
    assert SPEC.domains == frozenset({"catalog"})
    assert SPEC.max_batch_size == 100
    assert SPEC.cache_ttls["catalog"] > 0
