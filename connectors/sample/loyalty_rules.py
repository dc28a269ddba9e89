"""The loyalty programme's rules: tiers, channel bonuses, rewards and the earning formula.

The seeder stores the rule data in tables (so the read side and checkout read the same
numbers); the formula lives here so seeded orders and `points_for` cannot disagree.
"""

from __future__ import annotations

import math
from decimal import Decimal

# tier, rank, multiplier
TIERS = (("BRONZE", 1, "1"), ("SILVER", 2, "1.25"), ("GOLD", 3, "1.5"))
# channel, multiplier, title fr, title en
CHANNEL_BONUSES = (("STORE", "2", "Double points en magasin", "Double points in store"),)
# id, points cost, lowest tier that sees it, title fr, title en
REWARDS = (
    ("RW01", 300, "BRONZE", "Livraison offerte", "Free delivery"),
    ("RW02", 500, "BRONZE", "Bon d'achat de 5 €", "€5 voucher"),
    ("RW03", 900, "BRONZE", "Bon d'achat de 10 €", "€10 voucher"),
    ("RW04", 1500, "SILVER", "Atelier jardinage en magasin", "In-store gardening workshop"),
    ("RW05", 2000, "GOLD", "Bon d'achat de 25 €", "€25 voucher"),
    ("RW06", 2500, "GOLD", "Invitation à la vente privée", "Private sale invitation"),
)
# What the vouchers take off a cart, in cents of the cart's currency.
REWARD_DISCOUNT_CENTS = {"RW02": 500, "RW03": 1000, "RW05": 2500}
NO_MULTIPLIER = Decimal(1)


def earn_points(amount: Decimal, tier_multiplier: Decimal, channel_multiplier: Decimal) -> int:
    """Whole currency units spent, times the tier and channel multipliers, rounded down."""
    if amount <= 0:
        return 0
    return math.floor(math.floor(amount) * tier_multiplier * channel_multiplier)


def tier_multiplier(tier: str | None) -> Decimal:
    return next((Decimal(m) for t, _, m in TIERS if t == tier), NO_MULTIPLIER)


def channel_multiplier(channel: str) -> Decimal:
    return next((Decimal(m) for c, m, _, _ in CHANNEL_BONUSES if c == channel), NO_MULTIPLIER)
