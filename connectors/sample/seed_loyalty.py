"""Generates the loyalty programme: rule tables, then one account for most customers."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass

from connectors.sample.loyalty_rules import CHANNEL_BONUSES, REWARD_DISCOUNT_CENTS, REWARDS, TIERS
from connectors.sample.seed_customers import DEMO_CUSTOMER_ID, SeedCustomer

DEMO_CARD_NUMBER = "OC1987000001"
DEMO_TIER = "GOLD"
DEMO_POINTS = 2350
ACCOUNT_SHARE = 0.85
TIER_WEIGHTS = (60, 30, 10)  # BRONZE, SILVER, GOLD


@dataclass(frozen=True, slots=True)
class SeedAccount:
    card_number: str
    tier: str


def seed_loyalty(
    conn: sqlite3.Connection, rng: random.Random, customers: list[SeedCustomer]
) -> dict[str, SeedAccount]:
    """Insert the programme and accounts; return each member's account by customer id."""
    conn.executemany("INSERT INTO loyalty_tiers VALUES (?,?,?)", TIERS)
    conn.executemany("INSERT INTO loyalty_channel_bonuses VALUES (?,?,?,?)", CHANNEL_BONUSES)
    conn.executemany(
        "INSERT INTO loyalty_rewards VALUES (?,?,?,?,?,?)",
        [(*reward, REWARD_DISCOUNT_CENTS.get(reward[0])) for reward in REWARDS],
    )
    accounts = {DEMO_CUSTOMER_ID: SeedAccount(DEMO_CARD_NUMBER, DEMO_TIER)}
    rows: list[tuple[object, ...]] = [
        ("LA0001", DEMO_CUSTOMER_ID, DEMO_CARD_NUMBER, DEMO_TIER, DEMO_POINTS)
    ]
    cards = {DEMO_CARD_NUMBER}
    for customer in customers[1:]:
        if rng.random() >= ACCOUNT_SHARE:
            continue
        card = _new_card(rng, cards)
        tier = rng.choices([t[0] for t in TIERS], weights=TIER_WEIGHTS)[0]
        points = rng.randint(0, 1500 * (1 + [t[0] for t in TIERS].index(tier)))
        accounts[customer.id] = SeedAccount(card, tier)
        rows.append((f"LA{len(rows) + 1:04d}", customer.id, card, tier, points))
    conn.executemany("INSERT INTO loyalty_accounts VALUES (?,?,?,?,?)", rows)
    return accounts


def _new_card(rng: random.Random, taken: set[str]) -> str:
    while True:
        card = f"OC{rng.randrange(10**10):010d}"
        if card not in taken:
            taken.add(card)
            return card
