"""Services the schema floor uses besides connectors, as Protocols the gateway fills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from connectors.models import Customer


@dataclass(frozen=True, slots=True)
class TokenClaims:
    customer_id: str
    customer_group: str


class TokenIssuer(Protocol):
    def issue(self, customer: Customer) -> tuple[str, datetime]:
        """A signed customer access token and when it expires."""
        ...

    def verify(self, token: str) -> TokenClaims | None:
        """The claims of a valid, unexpired token of ours; None for anything else."""
        ...


class SignInGuard(Protocol):
    """Throttles password guessing per account and per client address, shared by every
    replica. `admit` is asked before the password is checked, `failed` after a refusal."""

    async def admit(self, email: str, client: str | None) -> float | None:
        """None when the attempt may go ahead, else the seconds until it may."""
        ...

    async def failed(self, email: str, client: str | None) -> None: ...


class CostAdmission(Protocol):
    """Draws an operation's cost from the caller's budget before it runs."""

    async def admit(self, cost: int) -> dict[str, Any] | None:
        """The throttle status to report in `extensions.cost`, or None without a budget;
        raises a CodedError (THROTTLED, with `retryAfter`) when the budget lacks it."""
        ...
