"""Building blocks of mutation sequences: one step is a request sent to both executors with
the sequence's `Variance`, which pairs each side's generated IDs and tokens and names them
the planned side's way in the planned side's requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.differential.compare import Variance
from tests.differential.exchange import Request
from tests.differential.pairs import Pair
from tests.support.shopping import CART_FIELDS, ERRORS

CART = f"cart {{ {CART_FIELDS} }}"
ORDER = """order { id number channel status total { amount currencyCode }
  loyaltyPointsEarned pickupStore { code } lines { sku quantity total { amount } } }"""
RESERVATION = "reservation { id status expiresAt store { id code } lines { sku quantity } }"


def mutation(field: str, arguments: dict[str, str], selection: str, context: str = "") -> str:
    """The shape tests/support/shopping.py's `mutate` sends: every argument a variable."""
    declared = ", ".join(f"${name}: {kind}" for name, kind in arguments.items())
    call = ", ".join(f"{name}: ${name}" for name in arguments)
    return f"mutation({declared}) {context} {{ {field}({call}) {{ {selection} {ERRORS} }} }}"


@dataclass
class Sequence:
    pair: Pair
    variance: Variance = field(default_factory=lambda: Variance(generated=True))
    steps: int = 0

    async def step(self, request: Request) -> dict[str, Any]:
        """The standard side's `data` (the next step is built from it)."""
        reply = await self.pair.same(request, self.variance)
        self.steps += 1
        assert reply.body.get("data"), reply.body  # a sequence goes on from data
        data: dict[str, Any] = reply.body["data"]
        return data

    async def mutate(
        self,
        field: str,
        arguments: dict[str, str],
        variables: dict[str, Any],
        selection: str,
        headers: tuple[tuple[str, str], ...] = (),
        context: str = "",
    ) -> dict[str, Any]:
        query = mutation(field, arguments, selection, context)
        payload: dict[str, Any] = (await self.step(Request(query, variables, headers=headers)))[
            field
        ]
        return payload

    async def sign_in(self) -> tuple[tuple[str, str], ...]:
        """The demo customer's bearer header, with the standard side's token (the planned
        side's request gets its own through the variance)."""
        from tests.differential.credentials import SIGN_IN

        token = (await self.step(SIGN_IN))["customerAccessTokenCreate"]["accessToken"]
        return (("Authorization", f"Bearer {token}"),)
