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


def parse_access(gateway: Mapping[str, Any], source: str) -> AccessSettings:
    access = _table(gateway, "access", source)
    state = _table(gateway, "state", source)
    redis = _table(gateway, "redis", source)
    _only(access, {"anonymous"}, "gateway.access.", source)
    _only(state, {"database"}, "gateway.state.", source)
    _only(redis, {"url"}, "gateway.redis.", source)
    return AccessSettings(
        anonymous=_anonymous(access.get("anonymous"), source),
        state_database=_url(state.get("database"), ("postgresql://", "postgres://"), source),
        redis_url=_url(redis.get("url"), ("redis://", "rediss://", "unix://"), source),
    )


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
