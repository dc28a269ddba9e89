"""`[gateway.metrics]` and `[gateway.log]`: whether `/metrics` is served, and how the
gateway's own log lines (the access line among them) look."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config_error import ConfigError

OBSERVE_KEYS = frozenset({"metrics", "log"})
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
LOG_FORMATS = ("json", "text")


@dataclass(frozen=True, slots=True)
class Observability:
    # None: follow the mode (served in development, not in production).
    metrics: bool | None = None
    # None: OMNICANAL_LOG_LEVEL, else info.
    log_level: str | None = None
    log_format: str = "json"


def parse_observability(gateway: Mapping[str, Any], source: str) -> Observability:
    metrics = _table(gateway, "metrics", {"enabled"}, source)
    log = _table(gateway, "log", {"level", "format"}, source)
    enabled = metrics.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise ConfigError(source, "gateway.metrics.enabled", "must be true or false")
    return Observability(
        metrics=enabled,
        log_level=_choice(log, "level", LOG_LEVELS, source),
        log_format=_choice(log, "format", LOG_FORMATS, source) or "json",
    )


def _table(
    gateway: Mapping[str, Any], key: str, allowed: set[str], source: str
) -> Mapping[str, Any]:
    table = gateway.get(key, {})
    if not isinstance(table, Mapping):
        raise ConfigError(source, f"gateway.{key}", "must be a table")
    for name in table:
        if name not in allowed:
            raise ConfigError(source, f"gateway.{key}.{name}", f"unknown key ({sorted(allowed)})")
    return table


def _choice(
    table: Mapping[str, Any], key: str, choices: tuple[str, ...], source: str
) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in choices:
        raise ConfigError(source, f"gateway.log.{key}", f"must be one of {', '.join(choices)}")
    return value.lower()
