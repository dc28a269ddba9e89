"""The seed: one loyalty campaign ("Omnicanal Club") with customers, their loyalty cards,
three tiers, earning rules (points per currency unit on `order.paid`, a store bonus
marked by the rule's metadata, rules a per-unit estimate must ignore) and rewards.

Shapes follow Voucherify's API reference (voucher objects of type LOYALTY_CARD, earning
rule, loyalty tier, reward and reward assignment objects); amounts are in cents, as
Voucherify keeps them."""

from __future__ import annotations

from typing import Any

APP_ID = "omnicanal-test-app"
APP_TOKEN = "omnicanal-test-token"
CAMPAIGN_ID = "camp_OmniClub2026"
CAMPAIGN_NAME = "Omnicanal Club"
CREATED = "2026-01-05T09:00:00.000Z"

# source_id (the OMS's id), email, name, card code or None, points collected, balance
CUSTOMERS = (
    ("oms-0001", "alice.martin@example.com", "Alice Martin", "LC-ALICE-01", 1200, 850),
    ("oms-0002", "bruno.petit@example.com", "Bruno Petit", "LC-BRUNO-02", 6200, 4200),
    ("oms-0003", "chloe.durand@example.com", "Chloe Durand", "LC-CHLOE-03", 300, 300),
    ("oms-0004", "david.leroy@example.com", "David Leroy", None, 0, 0),
    ("oms-0005", "emma.moreau@example.com", "Emma Moreau", "LC-EMMA-05", 0, 0),
    ("oms-0006", "farid.benali@example.com", "Farid Benali", "LC-FARID-06", 2500, 1900),
    ("oms-0007", "gaelle.roux@example.com", "Gaelle Roux", "LC-GAELLE-07", 9100, 7300),
    ("oms-0008", "hugo.fournier@example.com", "Hugo Fournier", "LC-HUGO-08", 450, 120),
    # The demo shoppers of the sample and the commercetools seed (same emails, the demo's
    # card number): what the composed example links by email or card.
    ("oms-demo", "demo@omnicanal.dev", "Camille Demo", "OC1987000001", 6100, 2350),
    ("oms-pro", "pro@omnicanal.dev", "Paysagiste Pro", "OC1987000002", 1800, 640),
)
# A card that exists but was disabled (active: false): it serves no account.
DISABLED_CARD = "LC-HUGO-08"

TIERS: tuple[dict[str, Any], ...] = (
    {
        "id": "ltr_bronze",
        "name": "BRONZE",
        "points": {"from": 0, "to": 999},
        "earning_rules": {"ern_order_paid": {"type": "MULTIPLY", "multiplier": 1}},
        "rewards": {},
    },
    {
        "id": "ltr_silver",
        "name": "SILVER",
        "points": {"from": 1000, "to": 4999},
        "earning_rules": {"ern_order_paid": {"type": "MULTIPLY", "multiplier": 1.25}},
        "rewards": {},
    },
    {
        "id": "ltr_gold",
        "name": "GOLD",
        "points": {"from": 5000, "to": 1000000},
        "earning_rules": {"ern_order_paid": {"type": "MULTIPLY", "multiplier": 1.5}},
        # Gold members pay less for the workshop (a tier's CUSTOM reward cost).
        "rewards": {"rewa_workshop": {"type": "CUSTOM", "points": 1200}},
    },
)

EARNING_RULES: tuple[dict[str, Any], ...] = (
    {  # 1 point per euro (every 100 cents) of every paid order
        "id": "ern_order_paid",
        "event": "order.paid",
        "loyalty": {
            "type": "PROPORTIONAL",
            "calculation_type": "ORDER_AMOUNT",
            "order": {"amount": {"every": 100, "points": 1}},
        },
        "active": True,
        "metadata": {},
    },
    {  # the store bonus: another point per euro, for orders paid in a shop
        "id": "ern_store_bonus",
        "event": "order.paid",
        "loyalty": {
            "type": "PROPORTIONAL",
            "calculation_type": "ORDER_AMOUNT",
            "order": {"amount": {"every": 100, "points": 1}},
        },
        "active": True,
        "metadata": {"channel": "STORE"},
    },
    {  # a fixed welcome bonus: not earned per unit bought
        "id": "ern_welcome",
        "event": "customer.segment.entered",
        "segment": {"id": "seg_new_customers"},
        "loyalty": {"type": "FIXED", "points": 100},
        "active": True,
        "metadata": {},
    },
    {  # a finished promotion, disabled
        "id": "ern_spring_triple",
        "event": "order.paid",
        "loyalty": {
            "type": "PROPORTIONAL",
            "calculation_type": "ORDER_AMOUNT",
            "order": {"amount": {"every": 100, "points": 2}},
        },
        "active": False,
        "metadata": {},
    },
)

# reward id, name, type, parameters, metadata; its assignment id and points cost
REWARDS: tuple[tuple[str, str, str, dict[str, Any], dict[str, Any], str, int | None], ...] = (
    ("rew_delivery", "Free delivery", "MATERIAL", {"product": {"id": "prod_delivery"}}, {},
     "rewa_delivery", 300),
    ("rew_gift_5", "€5 voucher", "CAMPAIGN",
     {"campaign": {"id": "camp_gift", "balance": 500, "type": "GIFT_VOUCHERS"}}, {},
     "rewa_gift_5", 500),
    ("rew_gift_10", "€10 voucher", "CAMPAIGN",
     {"campaign": {"id": "camp_gift", "balance": 1000, "type": "GIFT_VOUCHERS"}}, {},
     "rewa_gift_10", 900),
    ("rew_workshop", "In-store gardening workshop", "MATERIAL",
     {"product": {"id": "prod_workshop"}}, {}, "rewa_workshop", 1500),
    ("rew_pct_20", "20% off a plant", "CAMPAIGN",
     {"campaign": {"id": "camp_pct", "type": "DISCOUNT_COUPONS"}}, {"discount_amount": 400},
     "rewa_pct_20", 2000),
    # Pay with points: no fixed cost, so not a reward a cart can take by id.
    ("rew_coin", "1 point = €0.01", "COIN",
     {"coin": {"exchange_ratio": 0.01, "points_ratio": 1}}, {}, "rewa_coin", None),
)  # fmt: skip


def customer_id(source_id: str) -> str:
    return f"cust_{source_id.replace('-', '')}"


def customers() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for source_id, email, name, *_ in CUSTOMERS:
        cid = customer_id(source_id)
        found[cid] = {
            "id": cid,
            "source_id": source_id,
            "name": name,
            "email": email,
            "metadata": {},
            "created_at": CREATED,
            "object": "customer",
        }
    return found


def cards() -> dict[str, dict[str, Any]]:
    """Loyalty cards by code (the member id)."""
    found: dict[str, dict[str, Any]] = {}
    for n, (source_id, _, _, code, points, balance) in enumerate(CUSTOMERS):
        if code is None:
            continue
        found[code] = {
            "id": f"v_card{n:04d}",
            "code": code,
            "campaign": CAMPAIGN_NAME,
            "campaign_id": CAMPAIGN_ID,
            "category": None,
            "type": "LOYALTY_CARD",
            "discount": None,
            "gift": None,
            "loyalty_card": {"points": points, "balance": balance},
            "active": code != DISABLED_CARD,
            "metadata": {},
            "is_referral_code": False,
            "created_at": f"2026-01-{n + 5:02d}T09:00:00.000Z",
            "updated_at": None,
            "holder_id": customer_id(source_id),
            "object": "voucher",
        }
    return found


def tiers() -> list[dict[str, Any]]:
    return [
        {**tier, "campaign_id": CAMPAIGN_ID, "metadata": {}, "config": {"points": tier["points"]},
         "created_at": CREATED, "updated_at": None, "object": "loyalty_tier"}
        for tier in TIERS
    ]  # fmt: skip


def earning_rules() -> list[dict[str, Any]]:
    source = {"banner": "Order paid", "object_id": CAMPAIGN_ID, "object_type": "campaign"}
    return [
        {**rule, "created_at": CREATED, "updated_at": None, "validation_rule_id": None,
         "source": source, "object": "earning_rule"}
        for rule in EARNING_RULES
    ]  # fmt: skip


def rewards() -> list[dict[str, Any]]:
    return [
        {"id": rid, "name": name, "type": kind, "parameters": params, "stock": None,
         "redeemed": None, "attributes": {}, "metadata": metadata, "created_at": CREATED,
         "updated_at": None, "object": "reward"}
        for rid, name, kind, params, metadata, _, _ in REWARDS
    ]  # fmt: skip


def reward_assignments() -> list[dict[str, Any]]:
    found = []
    for rid, _, _, _, _, assignment, cost in REWARDS:
        row: dict[str, Any] = {
            "id": assignment,
            "reward_id": rid,
            "related_object_id": CAMPAIGN_ID,
            "related_object_type": "campaign",
            "created_at": CREATED,
            "updated_at": None,
            "object": "reward_assignment",
        }
        if cost is not None:
            row["parameters"] = {"loyalty": {"points": cost}}
        found.append(row)
    return found
