"""Password guessing, throttled on the budget machinery: a bucket of failures per e-mail
address and a larger one per client address, refilled over the lock-out window. Only
failures draw; an attempt is admitted while both buckets hold a point."""

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
        for name, capacity in self._buckets_of(email, client):
            draw = await self._buckets.draw(name, 0, capacity, capacity / self._limits.window_s)
            if draw.available < 1:
                waits.append((1 - draw.available) * self._limits.window_s / capacity)
        return max(waits) if waits else None

    async def failed(self, email: str, client: str | None) -> None:
        for name, capacity in self._buckets_of(email, client):
            await self._buckets.draw(name, 1, capacity, capacity / self._limits.window_s)

    def _buckets_of(self, email: str, client: str | None) -> list[tuple[str, float]]:
        # Hashed: bucket names end up in Redis, and e-mail addresses are personal data.
        account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        names = [(f"sign-in:account:{account}", float(self._limits.failures_per_account))]
        if client:
            names.append((f"sign-in:client:{client}", float(self._limits.failures_per_client)))
        return names
