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

    @classmethod
    def of(cls, reward: models.LoyaltyReward) -> LoyaltyReward:
        return cls(
            id=strawberry.ID(to_global_id("LoyaltyReward", reward.id)),
            title=reward.title,
            points_cost=reward.points_cost,
        )


@strawberry.type
class LoyaltyAccount:
    id: strawberry.ID
    card_number: str
    tier: str
    points_balance: int
    rewards: list[LoyaltyReward]

    @classmethod
    def of(cls, account: models.LoyaltyAccount) -> LoyaltyAccount:
        rewards = [LoyaltyReward.of(r) for r in account.rewards]
        return cls(
            id=strawberry.ID(to_global_id("LoyaltyAccount", account.id)),
            card_number=account.card_number,
            tier=account.tier,
            points_balance=account.points_balance,
            rewards=rewards,
        )
