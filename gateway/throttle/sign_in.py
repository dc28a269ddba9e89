"""Password guessing, throttled on the budget machinery: failures are counted per e-mail
address and, more generously, per client address, in a window that starts with the first
failure; once either count reaches its limit, every attempt waits (THROTTLED) until that
window ends, the right password included. In Redis, the counts are every replica's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gateway.throttle.buckets import Buckets


@dataclass(frozen=True, slots=True)
class SignInLimits:
    failures_per_account: int = 5
    failures_per_client: int = 30
    window_s: float = 60.0


class BucketSignInGuard:
    def __init__(self, buckets: Buckets, limits: SignInLimits = SignInLimits()) -> None:
        self._buckets = buckets
        self._limits = limits

    async def admit(self, email: str, client: str | None) -> float | None:
        waits = []
        for name, limit in self._windows(email, client):
            count, left = await self._buckets.hits(name)
            if count >= limit:
                waits.append(left)
        return max(waits) if waits else None

    async def failed(self, email: str, client: str | None) -> None:
        for name, _ in self._windows(email, client):
            await self._buckets.hit(name, self._limits.window_s)

    def _windows(self, email: str, client: str | None) -> list[tuple[str, int]]:
        # Hashed: the names end up in Redis, and e-mail addresses are personal data.
        account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        names = [(f"sign-in:account:{account}", self._limits.failures_per_account)]
        if client:
            names.append((f"sign-in:client:{client}", self._limits.failures_per_client))
        return names
