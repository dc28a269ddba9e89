"""Prices and promotions as the schema shows them."""

from __future__ import annotations

import strawberry

from connectors import models
from schema.common import Money


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
