"""LoyaltyConnector over the sample database: accounts with their rewards, points earned.

An account sees the rewards of its tier and the tiers below. Points for one unit are the
whole currency units of its price times the tier multiplier of the context's customer
(1 for anonymous shoppers and non-members) times the channel bonus (double in store).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import EarnQuery, LoyaltyAccount, LoyaltyReward
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import CURRENCIES
from connectors.sample.loyalty_rules import earn_points
from connectors.sample.naming import language

ACCOUNTS_SQL = """
SELECT a.id, a.customer_id, a.card_number, a.tier, a.points_balance, t.rank
FROM loyalty_accounts a JOIN loyalty_tiers t ON t.tier = a.tier
WHERE a.customer_id IN ({keys})
"""
REWARDS_SQL = """
SELECT r.id, r.title_{lang} AS title, r.points_cost, r.discount_cents, t.rank AS min_rank
FROM loyalty_rewards r JOIN loyalty_tiers t ON t.tier = r.min_tier
ORDER BY r.points_cost, r.id
"""
# Both multipliers in one statement; a missing account or bonus means "times one".
MULTIPLIERS_SQL = """
SELECT COALESCE((SELECT t.multiplier FROM loyalty_accounts a
                 JOIN loyalty_tiers t ON t.tier = a.tier WHERE a.customer_id = ?), '1') AS tier,
       COALESCE((SELECT multiplier FROM loyalty_channel_bonuses WHERE channel = ?), '1')
           AS channel
"""


class SampleLoyalty:
    db: SampleDatabase

    async def accounts(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[LoyaltyAccount | None]:
        return await load_accounts(self.db, customer_ids, ctx)

    async def points_for(
        self, queries: Sequence[EarnQuery], ctx: CommerceContext
    ) -> Sequence[int | None]:
        # Points are earned on what is paid, whichever system's SKU it is: in a composed
        # back office the loyalty programme does not own the catalogue.
        priced = [q for q in queries if q.unit_price.currency in CURRENCIES]
        if not priced:
            return [None] * len(queries)
        rates = (await self.db.fetch(MULTIPLIERS_SQL, [ctx.customer_id, ctx.channel.value]))[0]
        tier, channel = Decimal(rates["tier"]), Decimal(rates["channel"])
        found = {q: earn_points(q.unit_price.amount, tier, channel) for q in priced}
        return in_key_order(queries, found)


async def load_accounts(
    db: SampleDatabase, customer_ids: Sequence[str], ctx: CommerceContext
) -> list[LoyaltyAccount | None]:
    rows = await db.fetch_in(ACCOUNTS_SQL, customer_ids)
    if not rows:
        return [None] * len(customer_ids)
    rewards = await db.fetch(REWARDS_SQL.format(lang=language(ctx)))
    found = {
        row["customer_id"]: LoyaltyAccount(
            id=row["id"],
            customer_id=row["customer_id"],
            card_number=row["card_number"],
            tier=row["tier"],
            points_balance=row["points_balance"],
            rewards=tuple(_reward(r) for r in rewards if r["min_rank"] <= row["rank"]),
        )
        for row in rows
    }
    return in_key_order(customer_ids, found)


def _reward(row: Row) -> LoyaltyReward:
    off = row["discount_cents"]
    discount = None if off is None else Decimal(off) / 100
    return LoyaltyReward(row["id"], row["title"], row["points_cost"], discount)
