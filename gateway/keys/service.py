"""Creating, rotating, revoking and recognising keys. Recognition is on the request path:
a found key is remembered for under a second, so a revocation on any replica takes effect
everywhere within a second without a message bus, and a flood of bad keys costs one
parse each, no store look-up."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from cachetools import TTLCache

from gateway.keys import secrets
from gateway.keys.model import ApiKey, KeyKind, KeyPlan
from gateway.keys.store import KeyStore

RECOGNISED_TTL_S = 0.5
RECOGNISED_MAX = 10_000


class UnknownKey(LookupError):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"no key {key_id!r}")
        self.key_id = key_id


class KeyService:
    def __init__(self, store: KeyStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self._recognised: TTLCache[str, ApiKey | None] = TTLCache(
            RECOGNISED_MAX, RECOGNISED_TTL_S, timer=time.monotonic
        )

    async def create(self, name: str, kind: KeyKind, plan: KeyPlan) -> tuple[str, ApiKey]:
        """The key's text (shown once, never stored) and its record."""
        text, key_id = secrets.generate(kind)
        key = ApiKey(key_id, name, kind, plan, self._clock(), secret_hash=secrets.digest(text))
        await self.store.insert(key)
        return text, key

    async def get(self, key_id: str) -> ApiKey:
        key = await self.store.find(key_id)
        if key is None:
            raise UnknownKey(key_id)
        return key

    async def revoke(self, key_id: str) -> ApiKey:
        await self.get(key_id)
        await self.store.set_revoked(key_id, self._clock())
        return await self.get(key_id)

    async def rotate(self, key_id: str, overlap_s: float) -> tuple[str, ApiKey]:
        """A new key with the same name and plan; the old one works `overlap_s` more."""
        old = await self.get(key_id)
        text, new = await self.create(old.name, old.kind, old.plan)
        await self.store.set_expires(key_id, self._clock() + max(0.0, overlap_s))
        return text, new

    async def recognise(self, text: str) -> ApiKey | None:
        """The active key this text is, else None (malformed, unknown, wrong secret,
        revoked or expired: the caller answers all of them alike)."""
        parsed = secrets.parse(text)
        if parsed is None:
            return None
        kind, key_id = parsed
        key = await self._lookup(key_id)
        if key is None or key.kind is not kind or not secrets.matches(text, key.secret_hash):
            return None
        return key if key.active(self._clock()) else None

    async def _lookup(self, key_id: str) -> ApiKey | None:
        if key_id in self._recognised:
            return self._recognised[key_id]
        key = await self.store.find(key_id)
        self._recognised[key_id] = key
        return key


def without_secret(key: ApiKey) -> ApiKey:
    return replace(key, secret_hash="")
