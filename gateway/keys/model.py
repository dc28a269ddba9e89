"""API keys as the gateway sees them: a kind, a plan (what the key may do) and a life."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from connectors.context import Channel


class KeyKind(enum.Enum):
    """Publishable keys ship in a browser bundle (one per front end); secret keys stay on
    a partner's server."""

    PUBLISHABLE = "publishable"
    SECRET = "secret"

    @property
    def prefix(self) -> str:
        return "ocpk" if self is KeyKind.PUBLISHABLE else "ocsk"


@dataclass(frozen=True, slots=True)
class Budget:
    """A leaky bucket of cost points, as Shopify's: `capacity` points, refilled at
    `restore_per_s` points per second."""

    capacity: float
    restore_per_s: float


@dataclass(frozen=True, slots=True)
class KeyPlan:
    channels: tuple[Channel, ...]
    scopes: frozenset[str]
    store: str | None = None
    origins: tuple[str, ...] = ()
    max_cost: int | None = None
    budget: Budget | None = None
    persisted_only: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": [c.value for c in self.channels],
            "scopes": sorted(self.scopes),
            "store": self.store,
            "origins": list(self.origins),
            "maxCost": self.max_cost,
            "budget": None
            if self.budget is None
            else {"capacity": self.budget.capacity, "restorePerSecond": self.budget.restore_per_s},
            "persistedOnly": self.persisted_only,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KeyPlan:
        budget = raw.get("budget")
        return cls(
            channels=tuple(Channel(c) for c in raw["channels"]),
            scopes=frozenset(raw["scopes"]),
            store=raw.get("store"),
            origins=tuple(raw.get("origins", ())),
            max_cost=raw.get("maxCost"),
            budget=None
            if budget is None
            else Budget(float(budget["capacity"]), float(budget["restorePerSecond"])),
            persisted_only=bool(raw.get("persistedOnly", False)),
        )


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key. Times are Unix seconds. A rotated key keeps working until
    `expires_at` (the overlap); a revoked one stops at once."""

    id: str
    name: str
    kind: KeyKind
    plan: KeyPlan
    created_at: float
    revoked_at: float | None = None
    expires_at: float | None = None
    secret_hash: str = field(default="", repr=False)

    def active(self, now: float) -> bool:
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or now < self.expires_at

    def describe(self) -> dict[str, Any]:
        """What `keys show` prints: never the hash."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            **self.plan.to_json(),
            "createdAt": self.created_at,
            "revokedAt": self.revoked_at,
            "expiresAt": self.expires_at,
        }


@dataclass(frozen=True, slots=True)
class UsageRow:
    """One key's traffic in one hour (`hour` is the Unix time of its start)."""

    key_id: str
    hour: int
    requests: int
    cost: int
    refusals: int


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A trusted document: its text, the SHA-256 that names it, and its cost at push."""

    hash: str
    body: str
    operation_name: str | None
    cost: int
    created_at: float
