"""Voucherify's objects read into what the connector works with, and the canonical models
clients see. Every shape check is here: an answer that is not what the API reference
describes is UpstreamBadResponse, never a KeyError or a half-read account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from connectors.errors import UpstreamBadResponse
from connectors.models import LoyaltyAccount, LoyaltyReward

NO_TIER = "NONE"
CENTS = Decimal(100)


class Malformed(ValueError):
    """Raised while reading; the caller turns it into UpstreamBadResponse with its name."""


@dataclass(frozen=True, slots=True)
class Card:
    """A loyalty card (a voucher of type LOYALTY_CARD): `code` is the member id."""

    id: str
    code: str
    active: bool
    points: int  # collected over the card's life: what tiers are reached by
    balance: int  # what can be spent
    holder_id: str | None


@dataclass(frozen=True, slots=True)
class Offer:
    """A reward assigned to the campaign, with its points cost there."""

    reward_id: str
    assignment_id: str
    title: str
    cost: int
    discount: Decimal | None


@dataclass(frozen=True, slots=True)
class Tier:
    name: str
    low: int
    high: int
    # Reward assignment id -> the tier's own points cost for it.
    reward_costs: dict[str, int]
    # Earning rule id -> the tier's multiplier of the points it earns.
    multipliers: dict[str, Decimal]


def bad(connector: str, what: str, exc: Exception) -> UpstreamBadResponse:
    return UpstreamBadResponse(connector, f"{what}: {exc}")


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise Malformed(f"{key} is not a non-empty string")
    return value


def _int(raw: dict[str, Any], key: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed(f"{key} is not an integer")
    return value


def _dict(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, dict):
        raise Malformed(f"{key} is not an object")
    return value


def card(raw: dict[str, Any]) -> Card:
    if raw.get("type") != "LOYALTY_CARD":
        raise Malformed("not a loyalty card")
    loyalty = _dict(raw, "loyalty_card")
    holder = raw.get("holder_id")
    return Card(
        id=_text(raw, "id"),
        code=_text(raw, "code"),
        active=raw.get("active") is not False,
        points=_int(loyalty, "points"),
        balance=_int(loyalty, "balance"),
        holder_id=holder if isinstance(holder, str) else None,
    )


def balance_after(raw: dict[str, Any]) -> tuple[int, int]:
    """(balance, total) of a balance object, the answer to a balance change."""
    if raw.get("type") not in (None, "loyalty_card"):
        raise Malformed("not a loyalty card balance")
    return _int(raw, "balance"), _int(raw, "total")


def tier(raw: dict[str, Any]) -> Tier:
    bounds = _dict(raw, "points")
    costs: dict[str, int] = {}
    overrides = raw.get("rewards")
    for assignment, rule in (overrides if isinstance(overrides, dict) else {}).items():
        if isinstance(rule, dict) and rule.get("type") == "CUSTOM":
            costs[str(assignment)] = _int(rule, "points")
    multipliers: dict[str, Decimal] = {}
    rules = raw.get("earning_rules")
    for rule_id, rule in (rules if isinstance(rules, dict) else {}).items():
        if isinstance(rule, dict) and rule.get("type") == "MULTIPLY":
            multipliers[str(rule_id)] = _multiplier(rule.get("multiplier"))
    low = bounds.get("from", 0)
    high = bounds.get("to", low)
    if isinstance(low, bool) or isinstance(high, bool) or not isinstance(low, int | float):
        raise Malformed("points.from is not a number")
    if not isinstance(high, int | float):
        raise Malformed("points.to is not a number")
    return Tier(_text(raw, "name"), int(low), int(high), costs, multipliers)


def _multiplier(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise Malformed("a tier multiplier is not a non-negative number")
    return Decimal(str(value))


def offers(
    assignments: list[dict[str, Any]], rewards: list[dict[str, Any]], discount_key: str
) -> tuple[Offer, ...]:
    """The campaign's rewards with a fixed points cost, cheapest first; pay-with-points
    (COIN) rewards have no cost of their own and are not offered by id."""
    by_id = {str(r.get("id")): r for r in rewards}
    found = []
    for assignment in assignments:
        reward = by_id.get(str(assignment.get("reward_id")))
        parameters = assignment.get("parameters")
        loyalty = parameters.get("loyalty") if isinstance(parameters, dict) else None
        if reward is None or not isinstance(loyalty, dict):
            continue
        cost = _int(loyalty, "points")
        found.append(
            Offer(
                reward_id=_text(reward, "id"),
                assignment_id=_text(assignment, "id"),
                title=_text(reward, "name"),
                cost=cost,
                discount=_discount(reward, discount_key),
            )
        )
    return tuple(sorted(found, key=lambda o: (o.cost, o.reward_id)))


def _discount(reward: dict[str, Any], discount_key: str) -> Decimal | None:
    """Money off a cart: a gift-voucher reward's balance, or the amount its metadata
    states; None for material rewards and points."""
    metadata = reward.get("metadata")
    stated = metadata.get(discount_key) if isinstance(metadata, dict) else None
    if isinstance(stated, int) and not isinstance(stated, bool) and stated > 0:
        return Decimal(stated) / CENTS
    parameters = reward.get("parameters")
    campaign = parameters.get("campaign") if isinstance(parameters, dict) else None
    if isinstance(campaign, dict) and campaign.get("type") == "GIFT_VOUCHERS":
        amount = campaign.get("balance")
        if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0:
            return Decimal(amount) / CENTS
    return None


def tier_of(points: int, tiers: tuple[Tier, ...]) -> Tier | None:
    """The tier whose points range holds the points the card has collected."""
    return next((t for t in tiers if t.low <= points <= t.high), None)


def account(found: Card, tiers: tuple[Tier, ...], rewards: tuple[Offer, ...]) -> LoyaltyAccount:
    reached = tier_of(found.points, tiers)
    costs = reached.reward_costs if reached else {}
    return LoyaltyAccount(
        id=found.id,
        customer_id=found.code,
        card_number=found.code,
        tier=reached.name if reached else NO_TIER,
        points_balance=max(0, found.balance),
        rewards=tuple(
            sorted(
                (
                    LoyaltyReward(
                        o.reward_id, o.title, costs.get(o.assignment_id, o.cost), o.discount
                    )
                    for o in rewards
                ),
                key=lambda r: (r.points_cost, r.id),
            )
        ),
    )
