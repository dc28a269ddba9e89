"""The emulated project's state and the operations the routes call: read and list with
Voucherify's paging (limit 1..100, default 10; page from 1), balance changes recorded as
loyalty card transactions (newest first), reward redemptions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.emulators.voucherify import dataset
from tests.emulators.voucherify.errors import (
    VoucherifyError,
    invalid_payload,
    invalid_query,
    not_found,
    points_exceeded,
)

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
STAMP = "2026-12-01T10:00:00.000Z"


def paging(query: Mapping[str, str], max_page: int = 100) -> tuple[int, int]:
    """`limit` and `page` as Voucherify checks them (a bad value is a 400, not a clamp)."""
    limit = _integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = _integer(query, "page", 1, 1, max_page)
    return limit, page


def _integer(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_query(f"{name} must be an integer") from None
    if not low <= value <= high:
        raise invalid_query(f"{name} must be between {low} and {high}")
    return value


def page_of(rows: Sequence[dict[str, Any]], limit: int, page: int) -> list[dict[str, Any]]:
    start = (page - 1) * limit
    return list(rows[start : start + limit])


@dataclass
class Project:
    customers: dict[str, dict[str, Any]] = field(default_factory=dataset.customers)
    cards: dict[str, dict[str, Any]] = field(default_factory=dataset.cards)
    tiers: list[dict[str, Any]] = field(default_factory=dataset.tiers)
    earning_rules: list[dict[str, Any]] = field(default_factory=dataset.earning_rules)
    rewards: list[dict[str, Any]] = field(default_factory=dataset.rewards)
    assignments: list[dict[str, Any]] = field(default_factory=dataset.reward_assignments)
    # Loyalty card transactions by card code, newest first.
    transactions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def campaign(self, campaign_id: str) -> None:
        if campaign_id != dataset.CAMPAIGN_ID:
            raise not_found("campaign", campaign_id)

    def customer(self, id_or_source: str) -> dict[str, Any]:
        found = self.customers.get(id_or_source) or next(
            (c for c in self.customers.values() if c["source_id"] == id_or_source), None
        )
        if found is None:
            raise not_found("customer", id_or_source)
        return found

    def card(self, campaign_id: str, code: str) -> dict[str, Any]:
        self.campaign(campaign_id)
        card = self.cards.get(code)
        if card is None:
            raise not_found("voucher", code)
        return card

    def members(self, campaign_id: str, query: Mapping[str, str]) -> list[dict[str, Any]]:
        """Cards newest first, filtered by holder (`customer`: id or source_id), `code`
        and `ids` (voucher ids, repeated `ids=` parameters)."""
        self.campaign(campaign_id)
        rows = sorted(self.cards.values(), key=lambda c: c["created_at"], reverse=True)
        if "customer" in query:
            holder = self._holder_id(query["customer"])
            rows = [c for c in rows if c["holder_id"] == holder]
        if "code" in query:
            rows = [c for c in rows if c["code"] == query["code"]]
        return rows

    def _holder_id(self, id_or_source: str) -> str | None:
        try:
            return str(self.customer(id_or_source)["id"])
        except VoucherifyError:  # an unknown holder filters everything out
            return None

    def adjust(self, campaign_id: str, code: str, body: Any) -> dict[str, Any]:
        card = self.card(campaign_id, code)
        if not isinstance(body, dict):
            raise invalid_payload("the body must be a JSON object")
        points = body.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or points == 0:
            raise invalid_payload("points must be a non-zero integer")
        for name in ("reason", "source_id"):
            if name in body and not isinstance(body[name], str):
                raise invalid_payload(f"{name} must be a string")
        balance = card["loyalty_card"]["balance"]
        if balance + points < 0:
            raise points_exceeded(code, balance, -points)
        kind = "POINTS_ADDITION" if points > 0 else "POINTS_REMOVAL"
        return self._change(card, points, kind, body.get("reason"), body.get("source_id"))

    def redeem(self, campaign_id: str, code: str, body: Any) -> dict[str, Any]:
        """Redeem Reward: `{"reward": {"id": <reward or assignment id>, "points"?}}`."""
        card = self.card(campaign_id, code)
        reward = body.get("reward") if isinstance(body, dict) else None
        if not isinstance(reward, dict) or not isinstance(reward.get("id"), str):
            raise invalid_payload("reward.id is required")
        assignment = next(
            (a for a in self.assignments if reward["id"] in (a["id"], a["reward_id"])), None
        )
        if assignment is None or "parameters" not in assignment:
            raise not_found("reward", reward["id"])
        cost = int(assignment["parameters"]["loyalty"]["points"])
        balance = card["loyalty_card"]["balance"]
        if balance < cost:
            raise points_exceeded(code, balance, cost)
        self._change(card, -cost, "POINTS_REDEMPTION", "Reward redeemed", None)
        return {
            "id": f"r_{next(self._ids):016x}",
            "object": "redemption",
            "date": STAMP,
            "customer_id": card["holder_id"],
            "result": "SUCCESS",
            "related_object_type": "voucher",
            "related_object_id": card["id"],
            "voucher": card,
            "reward": {"id": assignment["reward_id"], "assignment_id": assignment["id"]},
        }

    def _change(
        self, card: dict[str, Any], points: int, kind: str, reason: Any, source_id: Any
    ) -> dict[str, Any]:
        loyalty = card["loyalty_card"]
        loyalty["balance"] += points
        if points > 0:
            loyalty["points"] += points
        balance = {
            "type": "loyalty_card",
            "total": loyalty["points"],
            "balance": loyalty["balance"],
            "points": points,
            "object": "balance",
            "related_object": {"type": "voucher", "id": card["id"]},
        }
        self.transactions.setdefault(card["code"], []).insert(
            0,
            {
                "id": f"vtx_{next(self._ids):018x}",
                "source_id": source_id,
                "voucher_id": card["id"],
                "campaign_id": card["campaign_id"],
                "source": "API",
                "reason": reason,
                "type": kind,
                "details": {"balance": balance},
                "related_transaction_id": None,
                "created_at": STAMP,
            },
        )
        return balance

    def card_transactions(
        self, campaign_id: str, code: str, query: Mapping[str, str]
    ) -> dict[str, Any]:
        """Newest first (`order=-id`, the default) or oldest first (`order=id`), cursor
        paged by `starting_after_id`."""
        self.card(campaign_id, code)
        limit, _ = paging({k: v for k, v in query.items() if k == "limit"})
        order = query.get("order", "-id")
        if order not in ("id", "-id"):
            raise invalid_query("order must be id or -id")
        rows = list(self.transactions.get(code, []))
        if order == "id":
            rows.reverse()
        after = query.get("starting_after_id")
        if after is not None:
            ids = [t["id"] for t in rows]
            if after not in ids:
                raise invalid_query("starting_after_id names no transaction of this card")
            rows = rows[ids.index(after) + 1 :]
        data = rows[:limit]
        more = len(rows) > limit
        body: dict[str, Any] = {"object": "list", "data_ref": "data", "data": data}
        body["has_more"] = more
        if more:
            body["more_starting_after"] = data[-1]["id"]
        return body
