"""Does a SKU meet the shopper the same way on every channel? The comparison, pure.

Each channel's view (price, its rules, promotions, stock, points per unit) is compared with
the reference channel's (WEB). A difference is explained when a rule the back ends report
accounts for it; anything else is a finding:

- price: a price's base is its amount plus what its rules took off. Equal bases mean the
  rules account for the whole difference. A rule that applies on one channel only must say
  it is restricted to that channel; a base that differs needs a channel price (a CHANNEL
  rule whose effect the back end does not quantify, such as a distribution-channel price).
- promotions: one listed on a channel only must come from a rule restricted to it.
- availability: online stock is the warehouses' and no rule makes it differ by channel.
- points: they are priced on the unit price, so a price difference explains them; at the
  same price the loyalty system's own channel earning rules do (noted, not flagged).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from connectors.context import Channel
from connectors.models import Price, PriceRule, PriceRuleKind, Promotion, StockLevel

REFERENCE = Channel.WEB


@dataclass(frozen=True, slots=True)
class ChannelView:
    """What one channel shows for one SKU; None where the back end has nothing (or the
    domain is not configured: `missing` names those)."""

    channel: Channel
    price: Price | None = None
    stock: StockLevel | None = None
    points: int | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    sku: str
    channel: Channel
    aspect: str  # price | promotions | availability | points
    message: str
    explained: bool


def base_amount(price: Price) -> Decimal:
    """The amount before the rules that report what they took off."""
    return price.amount.amount + sum(
        (r.amount_off.amount for r in price.rules if r.amount_off is not None), Decimal(0)
    )


def compare(sku: str, views: Mapping[Channel, ChannelView]) -> list[Finding]:
    reference = views.get(REFERENCE)
    if reference is None:
        return []
    findings: list[Finding] = []
    for channel, view in views.items():
        if channel is not REFERENCE:
            findings += _price(sku, view, reference)
            findings += _promotions(sku, view, reference)
            findings += _availability(sku, view, reference)
            findings += _points(sku, view, reference)
    return findings


def unexplained(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if not f.explained]


def _price(sku: str, view: ChannelView, ref: ChannelView) -> list[Finding]:
    if view.price is None or ref.price is None:
        if (view.price is None) != (ref.price is None) and "pricing" not in view.missing:
            side = "no price" if view.price is None else f"a price where {REFERENCE.value} has none"
            return [Finding(sku, view.channel, "price", side, False)]
        return []
    findings = [
        Finding(sku, view.channel, "price", message, False)
        for message in _unrestricted(view.channel, view.price, ref.price)
    ]
    if base_amount(view.price) != base_amount(ref.price):
        channel_prices = [r for r in view.price.rules if _is_channel_price(r, view.channel)]
        channel_prices += [r for r in ref.price.rules if _is_channel_price(r, REFERENCE)]
        amounts = f"{view.price.amount.amount} against {ref.price.amount.amount}"
        if channel_prices:
            message = f"{amounts}: channel price {', '.join(r.code for r in channel_prices)}"
            findings.append(Finding(sku, view.channel, "price", message, True))
        else:
            message = f"{amounts} on {REFERENCE.value}, a difference no rule explains"
            findings.append(Finding(sku, view.channel, "price", message, False))
    elif view.price.amount != ref.price.amount:
        codes = ", ".join(r.code for r in _only_in(view.price.rules, ref.price.rules))
        message = f"{view.price.amount.amount} against {ref.price.amount.amount}: {codes}"
        findings.append(Finding(sku, view.channel, "price", message, True))
    return findings


def _unrestricted(channel: Channel, here: Price, there: Price) -> list[str]:
    """Rules on one side only that do not say they are restricted to that side's channel."""
    messages = []
    for rule in _only_in(here.rules, there.rules):
        if rule.channel is not channel:
            messages.append(f"rule {rule.code} applies here but not on {REFERENCE.value}")
    for rule in _only_in(there.rules, here.rules):
        if rule.channel is not REFERENCE:
            messages.append(f"rule {rule.code} applies on {REFERENCE.value} but not here")
    return messages


def _is_channel_price(rule: PriceRule, channel: Channel) -> bool:
    return (
        rule.kind is PriceRuleKind.CHANNEL
        and rule.amount_off is None
        and rule.channel
        in (
            channel,
            None,
        )
    )


def _only_in(rules: Sequence[PriceRule], other: Sequence[PriceRule]) -> list[PriceRule]:
    codes = {r.code for r in other}
    return [r for r in rules if r.code not in codes]


def _promotions(sku: str, view: ChannelView, ref: ChannelView) -> list[Finding]:
    if view.price is None or ref.price is None:
        return []
    findings = []
    for channel, side, other in (
        (view.channel, view.price, ref.price),
        (REFERENCE, ref.price, view.price),
    ):
        for promotion in _promotions_only_in(side.promotions, other.promotions):
            rule = _rule_of(promotion, side.rules)
            where = "here" if channel is view.channel else f"on {REFERENCE.value}"
            name = promotion.code or promotion.title
            if rule is not None and rule.channel is channel:
                message = f"{name} only {where}: restricted to {channel.value}"
                findings.append(Finding(sku, view.channel, "promotions", message, True))
            else:
                message = f"{name} only {where}, and not restricted to {channel.value}"
                findings.append(Finding(sku, view.channel, "promotions", message, False))
    return findings


def _promotions_only_in(
    promotions: Sequence[Promotion], other: Sequence[Promotion]
) -> list[Promotion]:
    seen = {(p.code, p.title) for p in other}
    return [p for p in promotions if (p.code, p.title) not in seen]


def _rule_of(promotion: Promotion, rules: Sequence[PriceRule]) -> PriceRule | None:
    return next((r for r in rules if r.code == promotion.code or r.title == promotion.title), None)


def _availability(sku: str, view: ChannelView, ref: ChannelView) -> list[Finding]:
    if "inventory" in view.missing:
        return []
    here = None if view.stock is None else view.stock.online_quantity
    there = None if ref.stock is None else ref.stock.online_quantity
    if here == there:
        return []
    message = f"{here} online against {there} on {REFERENCE.value}"
    return [Finding(sku, view.channel, "availability", message, False)]


def _points(sku: str, view: ChannelView, ref: ChannelView) -> list[Finding]:
    if view.points == ref.points or "loyalty" in view.missing:
        return []
    amounts = f"{view.points} points against {ref.points}"
    here = None if view.price is None else view.price.amount
    there = None if ref.price is None else ref.price.amount
    if here is None or there is None:
        message = f"{amounts}, without a price on both channels to earn on"
        return [Finding(sku, view.channel, "points", message, False)]
    if here == there:
        message = f"{amounts} at the same price: the loyalty system's channel earning rule"
    else:
        message = f"{amounts}: earned on {here.amount} against {there.amount}"
    return [Finding(sku, view.channel, "points", message, True)]
