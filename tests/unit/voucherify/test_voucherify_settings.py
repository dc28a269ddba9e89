"""Settings: what a configuration must give, and its mistakes named by key."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.base import SettingsError
from connectors.voucherify import SPEC

BASE = {"app_id": "id", "app_token": "token", "campaign_id": "camp_1"}


def test_defaults_point_at_the_european_cluster() -> None:
    settings = SPEC.parse_settings(BASE)
    assert settings.base_url == "https://api.voucherify.io"
    assert settings.currency == "EUR"
    assert SPEC.domains == frozenset({"loyalty"})
    assert SPEC.cache_ttls == {"loyalty": 0.0}, "balances are never served stale"


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"app_token": ""}, "app_token"),
        ({"campaign_id": "camp/../x"}, "campaign_id"),
        ({"base_url": "api.voucherify.io"}, "base_url"),
        ({"currency": "euro"}, "currency"),
        ({"concurrency": 0}, "concurrency"),
        ({"retry_attempts": 0}, "retry_attempts"),
        ({"programme_ttl_s": 0}, "programme_ttl_s"),
        ({"posted_scan_pages": 100}, "posted_scan_pages"),
        ({"concurrency": "8"}, "concurrency"),
        ({"app_secret": "x"}, "app_secret"),
    ],
)
def test_mistakes_are_named_by_key(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(SettingsError) as caught:
        SPEC.parse_settings(BASE | overrides)
    assert caught.value.key == key


def test_a_missing_key_is_named() -> None:
    with pytest.raises(SettingsError) as caught:
        SPEC.parse_settings({"app_id": "id", "app_token": "t"})
    assert caught.value.key == "campaign_id"
