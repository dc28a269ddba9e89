"""Enums of the contract, mapped onto the canonical models' enums."""

from __future__ import annotations

import enum

import strawberry

from connectors import models
from connectors.context import Channel

# strawberry.enum registers the canonical enums under the contract's names and returns
# them unchanged; the aliases below let annotations use the contract's names.
strawberry.enum(Channel, name="ChannelCode")
strawberry.enum(models.OrderStatus, name="OrderStatus")
strawberry.enum(models.ProductSort, name="ProductSortKey")
strawberry.enum(
    models.PriceRuleKind,
    name="PriceRuleKind",
    description="Why a price in this context differs from the base price.",
)

ChannelCode = Channel
OrderStatus = models.OrderStatus
ProductSortKey = models.ProductSort
PriceRuleKind = models.PriceRuleKind


@strawberry.enum
class ReservationStatus(enum.Enum):
    HELD = "HELD"
    COLLECTED = "COLLECTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
