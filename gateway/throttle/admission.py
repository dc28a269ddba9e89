"""A key's cost budget on the request path: the operation's requested cost is drawn before
it runs (refused: THROTTLED, nothing executed) and what it did not spend, requested less
actual, is given back afterwards, as Shopify's calculated-cost throttle does."""

from __future__ import annotations

from gateway.keys.model import Budget
from gateway.throttle.buckets import Buckets, Draw
from schema.errors import Throttled


class BudgetAdmission:
    def __init__(self, buckets: Buckets, key_id: str, budget: Budget) -> None:
        self._buckets = buckets
        self._name = f"key:{key_id}"
        self._budget = budget
        self._drawn = 0

    async def admit(self, cost: int) -> dict[str, float]:
        b = self._budget
        draw = await self._buckets.draw(self._name, cost, b.capacity, b.restore_per_s)
        status = _status(draw)
        if not draw.allowed:
            raise Throttled(
                f"the operation costs {cost} points; {status['currentlyAvailable']} are left "
                f"of this key's budget, restored at {b.restore_per_s} per second",
                draw.retry_after_s,
                status,
            )
        self._drawn = cost
        return status

    async def settle(self, actual: int | None) -> None:
        """Give back what the operation was charged and did not use."""
        if actual is not None and self._drawn > actual:
            await self._buckets.give_back(self._name, self._drawn - actual, self._budget.capacity)
        self._drawn = 0


def _status(draw: Draw) -> dict[str, float]:
    return {
        "maximumAvailable": draw.capacity,
        "currentlyAvailable": round(draw.available, 1),
        "restoreRate": draw.restore_per_s,
    }
