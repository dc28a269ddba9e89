"""`[gateway.cache]`: the shared cache in front of every connector, and how long an
expired entry is kept to answer for a failing upstream (stale-if-error).

    [gateway.cache]
    enabled = true           # or, as before, `cache = false` directly under [gateway]
    stale_grace_s = 300      # every connector instance and domain
    [gateway.cache.stale_grace]
    inventory = 30           # a domain, whichever instance serves it
    cms = 3600               # an instance, all its domains
    "erp.pricing" = 0        # one instance's domain (0: never serve it stale)

The most specific entry wins. TTLs stay in each connector's manifest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway.config_error import ConfigError

DEFAULT_STALE_GRACE_S = 300.0
# A day: longer is an archive, not a cache.
MAX_STALE_GRACE_S = 86_400.0


@dataclass(frozen=True, slots=True)
class CacheSettings:
    enabled: bool = True
    stale_grace_s: float = DEFAULT_STALE_GRACE_S
    # "domain", "instance" or "instance.domain" -> seconds.
    stale_grace: Mapping[str, float] = field(default_factory=dict)

    def grace(self, instance: str, domain: str) -> float:
        for key in (f"{instance}.{domain}", instance, domain):
            if key in self.stale_grace:
                return self.stale_grace[key]
        return self.stale_grace_s


def parse_cache(gateway: Mapping[str, Any], source: str) -> CacheSettings:
    raw = gateway.get("cache", True)
    if isinstance(raw, bool):
        return CacheSettings(enabled=raw)
    if not isinstance(raw, Mapping):
        raise ConfigError(source, "gateway.cache", "must be true, false or a table")
    unknown = sorted(set(raw) - {"enabled", "stale_grace_s", "stale_grace"})
    if unknown:
        expected = ["enabled", "stale_grace", "stale_grace_s"]
        raise ConfigError(
            source, f"gateway.cache.{unknown[0]}", f"unknown key (expected {expected})"
        )
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(source, "gateway.cache.enabled", "must be true or false")
    overrides = raw.get("stale_grace", {})
    if not isinstance(overrides, Mapping):
        raise ConfigError(source, "gateway.cache.stale_grace", "must be a table")
    return CacheSettings(
        enabled=enabled,
        stale_grace_s=_seconds(
            raw.get("stale_grace_s", DEFAULT_STALE_GRACE_S), "stale_grace_s", source
        ),
        stale_grace={str(k): _seconds(v, f"stale_grace.{k}", source) for k, v in overrides.items()},
    )


def _seconds(value: Any, key: str, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(source, f"gateway.cache.{key}", "must be a number of seconds")
    if not 0 <= value <= MAX_STALE_GRACE_S:
        raise ConfigError(
            source, f"gateway.cache.{key}", f"must be from 0 to {MAX_STALE_GRACE_S:.0f}"
        )
    return float(value)
