"""Who may call the gateway without a key (`[gateway.access]`), where keys and documents
live (`[gateway.state]`), and the Redis replicas share (`[gateway.redis]`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config_error import ConfigError, only_keys, sub_table


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
    access = sub_table(gateway, "access", source, "gateway.")
    state = sub_table(gateway, "state", source, "gateway.")
    redis = sub_table(gateway, "redis", source, "gateway.")
    only_keys(access, {"anonymous", *SIGN_IN_KEYS}, "gateway.access.", source)
    only_keys(state, {"database"}, "gateway.state.", source)
    only_keys(redis, {"url"}, "gateway.redis.", source)
    return AccessSettings(
        anonymous=_anonymous(access.get("anonymous"), source),
        state_database=database_url(state.get("database"), source, "gateway.state.database"),
        redis_url=redis_url(redis.get("url"), source, "gateway.redis.url"),
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


def database_url(value: Any, source: str, key: str) -> str | None:
    return _url(value, ("postgresql://", "postgres://"), source, key)


def redis_url(value: Any, source: str, key: str) -> str | None:
    return _url(value, ("redis://", "rediss://", "unix://"), source, key)


def _url(value: Any, schemes: tuple[str, ...], source: str, key: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.startswith(schemes):
        raise ConfigError(source, key, f"must be a URL starting with one of {list(schemes)}")
    return value
