"""Loyalty accounts: one account per customer, the same balance on every channel."""

from __future__ import annotations

import strawberry

from connectors import models
from schema.ids import to_global_id


@strawberry.type
class LoyaltyReward:
    id: strawberry.ID
    title: str
    points_cost: int


@strawberry.type
class LoyaltyAccount:
    id: strawberry.ID
    card_number: str
    tier: str
    points_balance: int
    rewards: list[LoyaltyReward]

    @classmethod
    def of(cls, account: models.LoyaltyAccount) -> LoyaltyAccount:
        rewards = [
            LoyaltyReward(
                id=strawberry.ID(to_global_id("LoyaltyReward", r.id)),
                title=r.title,
                points_cost=r.points_cost,
            )
            for r in account.rewards
        ]
        return cls(
            id=strawberry.ID(to_global_id("LoyaltyAccount", account.id)),
            card_number=account.card_number,
            tier=account.tier,
            points_balance=account.points_balance,
            rewards=rewards,
        )
