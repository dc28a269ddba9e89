"""Puts the `[identity]` links around the built connectors: the loyalty domain seen
through its member link (connectors.identity), the orders domain through the ERP's
customer groups (connectors.identity_accounts). What only the built connectors can tell
(does the loyalty system find members? does the ERP keep accounts?) is checked here, at
start-up, before any connector starts, as a ConfigError naming the key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from connectors.cache_group import CacheGroup
from connectors.caching import SharedCache
from connectors.identity import Link, MemberLinks, linked_loyalty
from connectors.identity_accounts import GroupedCustomers
from connectors.identity_cache import LINK_DOMAIN, LinkCache
from connectors.protocols import CustomerAccounts, LoyaltyMembers
from gateway.config import ConfigError, GatewayConfig
from gateway.config_identity import IdentityLink
from gateway.registry import PlannedInstance
from schema.backends import Backends

Wire = Callable[[Backends], Backends]


def identity_wiring(
    config: GatewayConfig,
    planned: list[PlannedInstance],
    connectors: dict[str, Any],
    group: CacheGroup,
) -> Wire:
    """Checks the links against the connectors; returns what applies them to Backends."""
    loyalty, accounts = config.identity.loyalty, config.identity.accounts
    batches = {p.name: p.spec.max_batch_size for p in planned}
    steps: list[Wire] = []
    if accounts is not None:
        steps.append(_accounts_step(config, accounts, connectors, group))
    if loyalty is not None:
        steps.append(_loyalty_step(config, loyalty, connectors, batches, group))

    def wire(backends: Backends) -> Backends:
        for step in steps:
            backends = step(backends)
        return backends

    return wire


def _loyalty_step(
    config: GatewayConfig,
    link: IdentityLink,
    connectors: dict[str, Any],
    batches: dict[str, int],
    group: CacheGroup,
) -> Wire:
    members, oms = connectors[link.target], connectors[link.source]
    if not isinstance(members, LoyaltyMembers):
        raise ConfigError(
            config.source,
            f"{link.key}.link",
            f"connector {link.target!r} cannot find members by {link.link} (no LoyaltyMembers)",
        )
    _needs_customers(config, link, oms)
    links = MemberLinks(
        oms, members, Link(link.link), _cache(config, link, group), batches[link.source]
    )
    return lambda b: replace(b, loyalty=linked_loyalty(b.loyalty, links))


def _accounts_step(
    config: GatewayConfig, link: IdentityLink, connectors: dict[str, Any], group: CacheGroup
) -> Wire:
    erp = connectors[link.target]
    if not isinstance(erp, CustomerAccounts):
        raise ConfigError(
            config.source,
            f"{link.key}.to",
            f"connector {link.target!r} keeps no customer accounts (no CustomerAccounts)",
        )
    if link.source != config.domains.get("orders"):
        raise ConfigError(
            config.source, f"{link.key}.from", "must be the instance serving domains.orders"
        )
    _needs_customers(config, link, connectors[link.source])
    cache = _cache(config, link, group)
    return lambda b: replace(b, orders=GroupedCustomers(b.orders, erp, cache))


def _needs_customers(config: GatewayConfig, link: IdentityLink, oms: Any) -> None:
    if not callable(getattr(oms, "customers", None)):
        raise ConfigError(
            config.source, f"{link.key}.from", f"connector {link.source!r} reads no customers"
        )


def _cache(config: GatewayConfig, link: IdentityLink, group: CacheGroup) -> LinkCache:
    """Off with the gateway's cache (`[gateway] cache = false`), as every cache is."""
    if not config.cache:
        return LinkCache(None)
    shared = None
    if link.ttl_s > 0:
        shared = SharedCache({LINK_DOMAIN: link.ttl_s}, source=link.key, group=group)
    return LinkCache(shared, link.miss_ttl_s)
