"""Prices and promotions as the schema shows them."""

from __future__ import annotations

import strawberry

from connectors import models
from schema.common import Money
from schema.enums import ChannelCode, PriceRuleKind


@strawberry.type
class Promotion:
    code: str | None
    title: str
    description: str | None

    @classmethod
    def of(cls, promotion: models.Promotion) -> Promotion:
        return cls(code=promotion.code, title=promotion.title, description=promotion.description)


@strawberry.type
class PriceRange:
    min_variant_price: Money
    max_variant_price: Money


@strawberry.type(
    description="A rule that made this context's price differ from the base price "
    "(the list price, or the reference a markdown is struck from)."
)
class PriceRule:
    kind: PriceRuleKind
    code: str = strawberry.field(description="The back end's code for the rule or promotion.")
    title: str
    amount_off: Money | None = strawberry.field(
        description="What the rule takes off one unit (negative for a surcharge); null when "
        "it changes nothing until a cart carries its code, or sets the price itself (a "
        "channel's or group's price list)."
    )
    channel: ChannelCode | None = strawberry.field(
        description="The channel the rule is restricted to, when it is."
    )

    @classmethod
    def of(cls, rule: models.PriceRule) -> PriceRule:
        return cls(
            kind=rule.kind,
            code=rule.code,
            title=rule.title,
            amount_off=Money.maybe(rule.amount_off),
            channel=rule.channel,
        )


def price_rules(_: object, price: models.Price | None) -> list[PriceRule] | None:
    """A @batched `then`: the rules of the price the parent's SKU loaded."""
    return None if price is None else [PriceRule.of(r) for r in price.rules]
