"""The connectors serving each domain, as the schema floor sees them: Protocols only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.events import EventFeed
from connectors.protocols import (
    CatalogConnector,
    ContentConnector,
    InventoryConnector,
    LoyaltyConnector,
    OrdersConnector,
    PricingConnector,
)


@dataclass(frozen=True, slots=True)
class Backends:
    catalog: CatalogConnector
    pricing: PricingConnector
    inventory: InventoryConnector
    content: ContentConnector
    orders: OrdersConnector
    loyalty: LoyaltyConnector
    # The largest batch each domain's connector accepts in one call.
    max_batch: Mapping[str, int] = field(default_factory=dict)
    # Change events for subscriptions (the gateway's event bus); None: none are pushed.
    events: EventFeed | None = None

    def batch_size(self, domain: str) -> int:
        return self.max_batch.get(domain, 100)
