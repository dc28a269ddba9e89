"""What the app holds for its lifetime: the shared aiohttp session, the started
connectors, the Backends the schema sees, and the schema itself."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
import strawberry

from connectors.base import Connector
from gateway.config import GatewayConfig
from gateway.registry import PlannedInstance, build, plan
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

    async def aclose(self) -> None:
        await asyncio.gather(
            *(c.aclose() for c in self.connectors.values()), return_exceptions=True
        )
        await self.session.close()


async def start_runtime(config: GatewayConfig) -> Runtime:
    planned = plan(config)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=UPSTREAM_CONNECTIONS, limit_per_host=100),
        raise_for_status=False,
    )
    try:
        connectors = build(
            planned, session, config.data_dir, cache=config.cache, resilience=config.resilience
        )
        for name, connector in connectors.items():
            await connector.start()
            log.info("connector %s started", name)
    except BaseException:
        await session.close()
        raise
    backends = _backends(config, planned, connectors)
    schema = build_schema(config.schema_policy)
    return Runtime(config, session, connectors, backends, schema, _tokens(config))


def _tokens(config: GatewayConfig) -> JwtTokenIssuer:
    secret = config.token_secret
    key = secret.encode() if secret else persisted_key(config.data_dir)
    return JwtTokenIssuer(key, timedelta(hours=config.token_ttl_hours))


def _backends(
    config: GatewayConfig, planned: list[PlannedInstance], connectors: dict[str, Connector]
) -> Backends:
    specs = {p.name: p.spec for p in planned}
    serving = {d: connectors[name] for d, name in config.domains.items()}
    return Backends(
        catalog=serving["catalog"],  # type: ignore[arg-type]
        pricing=serving["pricing"],  # type: ignore[arg-type]
        inventory=serving["inventory"],  # type: ignore[arg-type]
        content=serving["content"],  # type: ignore[arg-type]
        orders=serving["orders"],  # type: ignore[arg-type]
        loyalty=serving["loyalty"],  # type: ignore[arg-type]
        max_batch={d: specs[name].max_batch_size for d, name in config.domains.items()},
    )
