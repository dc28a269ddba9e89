"""`[gateway.cache]`: the old flag still works, grace windows resolve most specific
first, and a mistake names its key."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.config import ConfigError
from gateway.config_cache import DEFAULT_STALE_GRACE_S, parse_cache


def test_the_flag_of_before_and_the_defaults() -> None:
    assert parse_cache({}, "f").enabled is True
    assert parse_cache({"cache": False}, "f").enabled is False
    assert parse_cache({}, "f").grace("sample", "inventory") == DEFAULT_STALE_GRACE_S


def test_the_most_specific_grace_wins() -> None:
    table = {"stale_grace_s": 60, "stale_grace": {"inventory": 30, "cms": 3600, "erp.pricing": 0}}
    settings = parse_cache({"cache": table}, "f")
    assert settings.grace("erp", "pricing") == 0
    assert settings.grace("erp", "inventory") == 30
    assert settings.grace("cms", "content") == 3600
    assert settings.grace("cms", "inventory") == 3600, "the instance is more specific"
    assert settings.grace("pim", "catalog") == 60


@pytest.mark.parametrize(
    ("cache", "key"),
    [
        ("yes", "gateway.cache"),
        ({"enabled": "yes"}, "gateway.cache.enabled"),
        ({"stale_grace_s": -1}, "gateway.cache.stale_grace_s"),
        ({"stale_grace_s": True}, "gateway.cache.stale_grace_s"),
        ({"stale_grace_s": 10**9}, "gateway.cache.stale_grace_s"),
        ({"stale_grace": {"inventory": "long"}}, "gateway.cache.stale_grace.inventory"),
        ({"stale_grace": 5}, "gateway.cache.stale_grace"),
        ({"grace": 5}, "gateway.cache.grace"),
    ],
)
def test_a_mistake_names_its_key(cache: Any, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_cache({"cache": cache}, "omnicanal.toml")
    assert caught.value.key == key
