"""Finding connector manifests (entry points or `module:ATTR`), validating each instance's
settings against its manifest, and building the instances the configuration names."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import aiohttp

from connectors.base import ENTRY_POINT_GROUP, Connector, ConnectorEnv, ConnectorSpec, SettingsError
from connectors.breaker import CircuitBreaker
from connectors.cache_group import CacheGroup
from connectors.cache_tier import SharedTier
from connectors.cached import CachedConnector
from connectors.caching import SharedCache
from connectors.guarded import GuardedConnector
from connectors.protocols import DOMAIN_PROTOCOLS
from connectors.retry_budget import BUDGET_SETTINGS
from gateway.config import ConfigError, GatewayConfig
from gateway.config_cache import CacheSettings
from gateway.config_resilience import Resilience
from gateway.config_routing import routed_domains


@dataclass(frozen=True, slots=True)
class PlannedInstance:
    """An instance whose manifest was found and whose settings parsed."""

    name: str
    spec: ConnectorSpec
    settings: Any
    domains: tuple[str, ...]


def find_spec(kind: str) -> ConnectorSpec:
    if ":" in kind:
        module_name, attr = kind.split(":", 1)
        spec = getattr(importlib.import_module(module_name), attr)
    else:
        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == kind]
        if not matches:
            raise LookupError(
                f"no connector named {kind!r} in entry-point group {ENTRY_POINT_GROUP}"
            )
        spec = matches[0].load()
    if not isinstance(spec, ConnectorSpec):
        raise LookupError(f"{kind} is not a ConnectorSpec")
    return spec


def available() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def plan(config: GatewayConfig) -> list[PlannedInstance]:
    """Everything that can fail before any I/O, failing with the file and key."""
    planned = []
    for name, instance in config.instances.items():
        domains = tuple(d for d, served_by in config.domains.items() if served_by == name)
        domains += tuple(d for d in routed_domains(name, config.routing) if d not in domains)
        if not domains:
            continue  # configured but unused: not activated
        key = f"connectors.{name}"
        try:
            spec = find_spec(instance.kind)
        except (LookupError, ImportError, AttributeError) as exc:
            raise ConfigError(config.source, key + ".kind", str(exc)) from exc
        for domain in domains:
            if domain not in spec.domains:
                raise ConfigError(
                    config.source,
                    _serving_key(config, name, domain),
                    f"connector {spec.name!r} does not serve {domain}",
                )
        try:
            settings = spec.parse_settings(instance.settings)
        except SettingsError as exc:
            raise ConfigError(config.source, f"{key}.settings.{exc.key}", str(exc)) from exc
        planned.append(PlannedInstance(name, spec, settings, domains))
    return planned


def _serving_key(config: GatewayConfig, name: str, domain: str) -> str:
    """The key that made `name` serve `domain`: `domains.<d>` or a `routing.<d>.<group>`."""
    if config.domains.get(domain) == name:
        return f"domains.{domain}"
    groups = config.routing.get(domain, {})
    return f"routing.{domain}." + next(g for g, served_by in groups.items() if served_by == name)


def build(
    planned: list[PlannedInstance],
    session: aiohttp.ClientSession,
    data_dir: Path,
    cache: bool = True,
    resilience: Resilience | None = None,
    caching: CacheSettings | None = None,
    group: CacheGroup | None = None,
    tier: SharedTier | None = None,
) -> dict[str, Connector]:
    """Each instance built with the shared session, guarded by its own circuit breaker
    and the request deadline and, when `cache` is on, wrapped in the shared TTL cache its
    manifest's TTLs describe (outside the guard: a cache hit needs no upstream; and a
    breaker's CIRCUIT_OPEN can be answered from a stale entry). The caches join `group`
    (one purge reaches them all) and share `tier` (Redis) when given."""
    resilience = resilience or Resilience()
    caching = caching or CacheSettings()
    group = group or CacheGroup()
    BUDGET_SETTINGS.configure(resilience.retry_budget)
    built: dict[str, Connector] = {}
    for item in planned:
        env = ConnectorEnv(instance=item.name, session=session, data_dir=data_dir)
        connector = item.spec.factory(item.settings, env)
        for domain in item.domains:
            protocol = DOMAIN_PROTOCOLS[domain]
            if not isinstance(connector, protocol):
                raise TypeError(f"{item.name} claims {domain} but lacks {protocol.__name__}")
        connector = GuardedConnector(connector, CircuitBreaker(item.name, resilience.breaker))
        if cache and any(ttl > 0 for ttl in item.spec.cache_ttls.values()):
            grace = {d: caching.grace(item.name, d) for d in item.spec.cache_ttls}
            shared = SharedCache(
                item.spec.cache_ttls, source=item.name, grace=grace, tier=tier, group=group
            )
            connector = CachedConnector(connector, shared)
        built[item.name] = connector
    return built
