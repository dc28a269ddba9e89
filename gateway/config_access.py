"""Who may call the gateway without a key (`[gateway.access]`), where keys and documents
live (`[gateway.state]`), and the Redis replicas share (`[gateway.redis]`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config_error import ConfigError


class Anonymous(enum.Enum):
    """Without a key: `public` serves the default channel with storefront scopes; `none`
    answers 401 KEY_REQUIRED. None in configuration: public in development, none in
    production."""

    PUBLIC = "public"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class AccessSettings:
    anonymous: Anonymous | None = None
    state_database: str | None = None
    redis_url: str | None = None
    # Sign-in throttling: failed passwords allowed per account and per client address
    # within the window, after which attempts wait (THROTTLED) until it refills.
    sign_in_failures_per_account: int = 5
    sign_in_failures_per_client: int = 30
    sign_in_window_s: float = 60.0


SIGN_IN_KEYS = frozenset(
    {"sign_in_failures_per_account", "sign_in_failures_per_client", "sign_in_window_s"}
)


def parse_access(gateway: Mapping[str, Any], source: str) -> AccessSettings:
    access = _table(gateway, "access", source)
    state = _table(gateway, "state", source)
    redis = _table(gateway, "redis", source)
    _only(access, {"anonymous", *SIGN_IN_KEYS}, "gateway.access.", source)
    _only(state, {"database"}, "gateway.state.", source)
    _only(redis, {"url"}, "gateway.redis.", source)
    return AccessSettings(
        anonymous=_anonymous(access.get("anonymous"), source),
        state_database=_url(state.get("database"), ("postgresql://", "postgres://"), source),
        redis_url=_url(redis.get("url"), ("redis://", "rediss://", "unix://"), source),
        **{
            k: _positive(access[k], f"gateway.access.{k}", source)
            for k in SIGN_IN_KEYS & set(access)
        },
    )


def _positive(value: Any, key: str, source: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(source, key, "must be a positive number")
    if key.endswith(("account", "client")) and not isinstance(value, int):
        raise ConfigError(source, key, "must be a whole number")
    return value


def _anonymous(value: Any, source: str) -> Anonymous | None:
    if value is None:
        return None
    try:
        return Anonymous(value)
    except ValueError as exc:
        message = f"one of {[a.value for a in Anonymous]}"
        raise ConfigError(source, "gateway.access.anonymous", message) from exc


def _url(value: Any, schemes: tuple[str, ...], source: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.startswith(schemes):
        key = "gateway.state.database" if "postgresql://" in schemes else "gateway.redis.url"
        raise ConfigError(source, key, f"must be a URL starting with one of {list(schemes)}")
    return value


def _table(raw: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(source, f"gateway.{key}", "must be a table")
    return value


def _only(table: Mapping[str, Any], allowed: set[str], prefix: str, source: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        expected = sorted(allowed)
        raise ConfigError(source, prefix + unknown[0], f"unknown key (expected one of {expected})")
