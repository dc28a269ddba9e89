"""What `omnicanal check-config` can tell only from the built connectors: that each
`[identity]` link and `[routing.pricing]` route can be served (a loyalty system that finds
members, an ERP keeping accounts, routed systems that price carts). The connectors are
built, never started: no upstream is called."""

from __future__ import annotations

import asyncio

import aiohttp

from connectors.cache_group import CacheGroup
from gateway.config import GatewayConfig
from gateway.identity_wiring import identity_wiring
from gateway.registry import PlannedInstance, build
from gateway.routing_wiring import routing_wiring


def check_capabilities(config: GatewayConfig, planned: list[PlannedInstance]) -> None:
    """Raises the ConfigError start-up would raise, naming the key."""
    asyncio.run(_check(config, planned))


async def _check(config: GatewayConfig, planned: list[PlannedInstance]) -> None:
    async with aiohttp.ClientSession() as session:
        connectors = build(planned, session, config.data_dir, cache=False)
        identity_wiring(config, planned, connectors, CacheGroup())
        routing_wiring(config, connectors)
