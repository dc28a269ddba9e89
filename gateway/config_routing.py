"""`[routing.pricing]`: which instance prices which customer group.

    [domains]
    pricing = "commerce"      # everyone's prices...

    [routing.pricing]
    pro = "erp"               # ...but the pro group's come from the ERP's pricelists

A routed group's product prices, cart prices and therefore orders all come from its
instance (connectors.routed_pricing). Each instance named must be a configured connector
instance whose kind serves pricing (checked with the manifests, by the registry).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gateway.config_error import ConfigError, only_keys, sub_table

ROUTED_DOMAINS = {"pricing"}
GROUP = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def parse_routing(
    table: Mapping[str, Any], instances: Mapping[str, Any], source: str
) -> Mapping[str, Mapping[str, str]]:
    only_keys(table, ROUTED_DOMAINS, "routing.", source)
    return {
        domain: _groups(
            sub_table(table, domain, source, "routing."), instances, f"routing.{domain}", source
        )
        for domain in ROUTED_DOMAINS
        if domain in table
    }


def _groups(
    table: Mapping[str, Any], instances: Mapping[str, Any], prefix: str, source: str
) -> dict[str, str]:
    routes: dict[str, str] = {}
    for group, instance in table.items():
        key = f"{prefix}.{group}"
        if not GROUP.match(group):
            raise ConfigError(source, key, "a customer group is 1-64 letters, digits, - or _")
        if not isinstance(instance, str) or instance not in instances:
            raise ConfigError(source, key, f"no connector instance {instance!r}")
        routes[group] = instance
    return routes


def with_routes(
    domains: Mapping[str, str], routing: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    """The domains, plus one entry per route (`routing.pricing.pro`): what an instance
    serves, for the checks that want an instance to serve something."""
    routes = {
        f"routing.{domain}.{group}": instance
        for domain, groups in routing.items()
        for group, instance in groups.items()
    }
    return {**domains, **routes}


def routed_domains(name: str, routing: Mapping[str, Mapping[str, str]]) -> tuple[str, ...]:
    """The domains an instance serves through routes only."""
    return tuple(d for d, groups in routing.items() if name in groups.values())
