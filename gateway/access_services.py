"""The request path's access services, opened once per app: the state store (keys,
documents, usage), the key service, the budget buckets (Redis when replicas share them),
the usage meter and the sign-in guard."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from gateway.config import GatewayConfig
from gateway.keys.meter import UsageMeter
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from gateway.keys.store import KeyStore
from gateway.throttle.buckets import Buckets, MemoryBuckets
from gateway.throttle.redis_buckets import RedisBuckets
from gateway.throttle.sign_in import BucketSignInGuard, SignInLimits


@dataclass(slots=True)
class AccessServices:
    state: KeyStore
    keys: KeyService
    buckets: Buckets
    meter: UsageMeter
    sign_in: BucketSignInGuard

    async def aclose(self) -> None:
        await self.meter.aclose()
        await self.buckets.aclose()
        await self.state.aclose()


async def open_access(config: GatewayConfig) -> AccessServices:
    state = open_store(config.state_database, config.data_dir)
    await state.start()
    buckets: Buckets = (
        RedisBuckets(Redis.from_url(config.access.redis_url))
        if config.access.redis_url
        else MemoryBuckets()
    )
    meter = UsageMeter(state)
    meter.start()
    a = config.access
    limits = SignInLimits(
        a.sign_in_failures_per_account, a.sign_in_failures_per_client, a.sign_in_window_s
    )
    return AccessServices(
        state, KeyService(state), buckets, meter, BucketSignInGuard(buckets, limits)
    )
