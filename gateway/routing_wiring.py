"""Puts `[routing.pricing]` around the built connectors: the pricing domain served per
customer group (connectors.routed_pricing). Checked at start-up, before any connector
starts: when the default pricing system prices carts, every routed one must too, or a
routed customer's cart could not be priced as their product page is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from connectors.protocols import CartPricer
from connectors.routed_pricing import GroupRoutedPricing
from gateway.config import ConfigError, GatewayConfig
from schema.backends import Backends

Wire = Callable[[Backends], Backends]


def routing_wiring(config: GatewayConfig, connectors: dict[str, Any]) -> Wire:
    groups = config.routing.get("pricing", {})
    if not groups:
        return lambda backends: backends
    default = connectors[config.domains["pricing"]]
    by_group = {group: connectors[name] for group, name in groups.items()}
    if isinstance(default, CartPricer):
        for group, system in by_group.items():
            if not isinstance(system, CartPricer):
                raise ConfigError(
                    config.source,
                    f"routing.pricing.{group}",
                    f"connector {groups[group]!r} prices no carts (no CartPricer), "
                    f"but {config.domains['pricing']!r} does",
                )
    return lambda b: replace(b, pricing=GroupRoutedPricing(b.pricing, by_group))
