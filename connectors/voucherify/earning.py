"""What one unit earns, from the campaign's earning rules, as Voucherify computes an
`order.paid` proportional rule: every `every` cents of the order amount earn `points`
(rounded down), summed over the rules that apply.

A rule applies when it is active, in its validity dates, and, if its metadata names
channels under the configured key, in the context's channel (the channel bonus). Rules
this estimate cannot evaluate are left out: fixed-points and segment-entry rules (not
earned per unit), and rules under a validation rule or segment (conditions on the
customer or the cart that a unit price does not carry)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeGuard

from connectors.context import Channel
from connectors.voucherify.normalise import CENTS, Malformed

ONE = Decimal(1)
PER_AMOUNT = {"ORDER_AMOUNT": "amount", "ORDER_TOTAL_AMOUNT": "total_amount"}


@dataclass(frozen=True, slots=True)
class EarnRule:
    id: str
    every_cents: int
    points: int
    channels: frozenset[str]  # empty: every channel


def rules(raw: Iterable[dict[str, Any]], channel_key: str, now: datetime) -> tuple[EarnRule, ...]:
    return tuple(r for r in (_rule(row, channel_key, now) for row in raw) if r is not None)


def _rule(raw: dict[str, Any], channel_key: str, now: datetime) -> EarnRule | None:
    if raw.get("active") is not True or raw.get("event") != "order.paid":
        return None
    if raw.get("validation_rule_id") or raw.get("segment") or not _current(raw, now):
        return None
    loyalty = raw.get("loyalty")
    if not isinstance(loyalty, dict) or loyalty.get("type") != "PROPORTIONAL":
        return None
    field = PER_AMOUNT.get(str(loyalty.get("calculation_type")))
    order = loyalty.get("order")
    ratio = order.get(field) if field and isinstance(order, dict) else None
    if not isinstance(ratio, dict):
        return None
    every, points = ratio.get("every"), ratio.get("points")
    if not _positive(every) or not _positive(points):
        raise Malformed(f"earning rule {raw.get('id')}: every and points must be positive")
    return EarnRule(str(raw.get("id")), int(every), int(points), _channels(raw, channel_key))


def _positive(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _channels(raw: dict[str, Any], key: str) -> frozenset[str]:
    metadata = raw.get("metadata")
    named = metadata.get(key) if isinstance(metadata, dict) else None
    values = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    return frozenset(str(v).upper() for v in values)


def _current(raw: dict[str, Any], now: datetime) -> bool:
    start, end = _when(raw.get("start_date")), _when(raw.get("expiration_date"))
    return (start is None or start <= now) and (end is None or now < end)


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Malformed(f"not an ISO 8601 date: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def points_for_unit(
    amount: Decimal,
    channel: Channel,
    earn_rules: tuple[EarnRule, ...],
    multipliers: Mapping[str, Decimal] | None = None,
) -> int:
    """Each applicable rule's points, times the member's tier multiplier for that rule
    (rounded down per rule, as Voucherify credits whole points per rule)."""
    if amount <= 0:
        return 0
    cents = int((amount * CENTS).to_integral_value(rounding="ROUND_FLOOR"))
    times = multipliers or {}
    return sum(
        math.floor((cents // r.every_cents) * r.points * times.get(r.id, ONE))
        for r in earn_rules
        if not r.channels or channel.value in r.channels
    )
