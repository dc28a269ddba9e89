"""Buckets every replica draws on: one Lua script per draw, so reading the level, refilling
it and taking points is atomic in Redis, timed by Redis's own clock (replicas' clocks
may differ)."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from gateway.throttle.buckets import Draw

PREFIX = "omnicanal:bucket:"
DRAW = """
local capacity = tonumber(ARGV[1])
local restore = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
level = math.min(capacity, level + math.max(0, now - at) * restore)
local allowed = 0
if cost <= level then
  level = level - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / restore) + 60)
return {allowed, tostring(level)}
"""
GIVE_BACK = """
local capacity = tonumber(ARGV[1])
local level = tonumber(redis.call('HGET', KEYS[1], 'level'))
if level then
  redis.call('HSET', KEYS[1], 'level', tostring(math.min(capacity, level + tonumber(ARGV[2]))))
end
return 1
"""


WINDOW_PREFIX = "omnicanal:window:"


class RedisBuckets:
    def __init__(self, client: Redis) -> None:
        self._client = client
        self._draw: Any = client.register_script(DRAW)
        self._give_back: Any = client.register_script(GIVE_BACK)

    async def draw(self, name: str, points: float, capacity: float, restore_per_s: float) -> Draw:
        allowed, level = await self._draw(
            keys=[PREFIX + name], args=[capacity, restore_per_s, points]
        )
        return Draw(bool(allowed), float(level), capacity, restore_per_s, points)

    async def give_back(self, name: str, points: float, capacity: float) -> None:
        if points > 0:
            await self._give_back(keys=[PREFIX + name], args=[capacity, points])

    async def hit(self, name: str, window_s: float) -> None:
        key = WINDOW_PREFIX + name
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.pexpire(key, max(1, int(window_s * 1000)), nx=True)
            await pipe.execute()

    async def hits(self, name: str) -> tuple[int, float]:
        key = WINDOW_PREFIX + name
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.get(key)
            pipe.pttl(key)
            count, ttl_ms = await pipe.execute()
        if count is None or ttl_ms is None or ttl_ms <= 0:
            return 0, 0.0
        return int(count), ttl_ms / 1000

    async def aclose(self) -> None:
        await self._client.aclose()
