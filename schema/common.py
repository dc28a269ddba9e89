"""Types shared by every domain: Node, PageInfo, Money, GeoPoint, UserError."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from connectors import models
from schema.planner.frozen import frozen_input
from schema.scalars import CurrencyCode


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Money:
    amount: Decimal
    currency_code: CurrencyCode

    @classmethod
    def of(cls, money: models.Money) -> Money:
        # Rounded as `models.Money.rounded` does, without building the rounded model: a
        # listing shows one price per product.
        return cls(amount=money.rounded_amount(), currency_code=CurrencyCode(money.currency))

    @classmethod
    def maybe(cls, money: models.Money | None) -> Money | None:
        return None if money is None else cls.of(money)


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, point: models.GeoPoint) -> GeoPoint:
        return cls(latitude=point.latitude, longitude=point.longitude)


@frozen_input  # the same point for every store search of a listing: converted once
class GeoPointInput:
    latitude: float
    longitude: float

    def to_model(self) -> models.GeoPoint:
        return models.GeoPoint(self.latitude, self.longitude)


@strawberry.type
class UserError:
    code: str
    field: list[str] | None
    message: str
