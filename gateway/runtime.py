"""What the app holds for its lifetime: the shared aiohttp session, the started
connectors, the Backends the schema sees, and the schema itself."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

import aiohttp
import strawberry

from connectors.base import DOMAINS, Connector
from connectors.cache_group import CacheGroup
from connectors.unconfigured import unconfigured
from gateway.access_services import AccessServices, open_access
from gateway.cache_bus import RedisCacheTier
from gateway.config import GatewayConfig
from gateway.identity_wiring import identity_wiring
from gateway.keys.store import KeyStore
from gateway.persisted import PersistedOperations, open_persisted
from gateway.registry import PlannedInstance, build, plan
from gateway.routing_wiring import routing_wiring
from gateway.tokens import JwtTokenIssuer, persisted_key
from schema.backends import Backends
from schema.build import build_schema

log = logging.getLogger("omnicanal")

UPSTREAM_CONNECTIONS = 200


@dataclass(slots=True)
class Runtime:
    config: GatewayConfig
    session: aiohttp.ClientSession
    connectors: dict[str, Connector]
    backends: Backends
    schema: strawberry.Schema
    tokens: JwtTokenIssuer
    access: AccessServices
    # Trusted documents and APQ registrations, and the GET responses' Cache-Control.
    persisted: PersistedOperations
    # Every shared cache of this process: `await runtime.caches.purge(tags)` drops the
    # tags' entries here, in Redis and in every replica.
    caches: CacheGroup = field(default_factory=CacheGroup)
    cache_tier: RedisCacheTier | None = None

    @property
    def state(self) -> KeyStore:
        """Keys, trusted documents and usage (SQLite in the data dir, or PostgreSQL)."""
        return self.access.state

    async def aclose(self) -> None:
        await asyncio.gather(
            *(c.aclose() for c in self.connectors.values()), return_exceptions=True
        )
        await self.persisted.aclose()
        await self.access.aclose()
        if self.cache_tier is not None:
            await self.cache_tier.aclose()
        await self.session.close()


async def start_runtime(config: GatewayConfig) -> Runtime:
    planned = plan(config)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=UPSTREAM_CONNECTIONS, limit_per_host=100),
        raise_for_status=False,
        # One session serves every customer: a cookie an upstream sets on one customer's
        # call must not ride along on the next customer's. No connector authenticates by
        # cookie, and a jar that keeps nothing also costs nothing per call.
        cookie_jar=aiohttp.DummyCookieJar(),
    )
    try:
        access = await open_access(config)
    except BaseException:
        await session.close()
        raise
    caches = CacheGroup()
    tier = RedisCacheTier(config.access.redis_url, caches) if config.access.redis_url else None
    try:
        if tier is not None:
            await tier.start()
        connectors = build(
            planned, session, config.data_dir, cache=config.cache, resilience=config.resilience,
            caching=config.caching, group=caches, tier=tier,
        )  # fmt: skip
        link_identities = identity_wiring(config, planned, connectors, caches)
        route_pricing = routing_wiring(config, connectors)
        for name, connector in connectors.items():
            await connector.start()
            log.info("connector %s started", name)
    except BaseException:
        if tier is not None:
            await tier.aclose()
        await access.aclose()
        await session.close()
        raise
    backends = link_identities(route_pricing(_backends(config, planned, connectors)))
    schema = build_schema(config.schema_policy)
    persisted = open_persisted(
        access.state, schema._schema, config.limits, config.access.redis_url,
        _domain_ttls(config, planned),
    )  # fmt: skip
    return Runtime(
        config, session, connectors, backends, schema, _tokens(config), access, persisted,
        caches=caches, cache_tier=tier,
    )  # fmt: skip


def _domain_ttls(config: GatewayConfig, planned: list[PlannedInstance]) -> dict[str, float]:
    """Each domain's cache TTL from the manifest of the connector serving it."""
    specs = {p.name: p.spec for p in planned}
    return {d: specs[name].cache_ttls.get(d, 0.0) for d, name in config.domains.items()}


def _tokens(config: GatewayConfig) -> JwtTokenIssuer:
    secret = config.token_secret
    key = secret.encode() if secret else persisted_key(config.data_dir)
    return JwtTokenIssuer(key, timedelta(hours=config.token_ttl_hours))


def _backends(
    config: GatewayConfig, planned: list[PlannedInstance], connectors: dict[str, Connector]
) -> Backends:
    specs = {p.name: p.spec for p in planned}
    # A domain the configuration leaves out answers NOT_CONFIGURED (connectors/unconfigured).
    serving: dict[str, object] = {d: unconfigured(d) for d in DOMAINS}
    serving.update({d: connectors[name] for d, name in config.domains.items()})
    return Backends(
        catalog=serving["catalog"],  # type: ignore[arg-type]
        pricing=serving["pricing"],  # type: ignore[arg-type]
        inventory=serving["inventory"],  # type: ignore[arg-type]
        content=serving["content"],  # type: ignore[arg-type]
        orders=serving["orders"],  # type: ignore[arg-type]
        loyalty=serving["loyalty"],  # type: ignore[arg-type]
        max_batch={d: specs[name].max_batch_size for d, name in config.domains.items()},
    )
