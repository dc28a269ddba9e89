"""Resolving an operation's commerce context from configuration, headers and the
`@inContext` directive, each overriding the one before."""

from __future__ import annotations

from dataclasses import dataclass, replace

from connectors.context import CURRENCY_BY_COUNTRY, Channel, CommerceContext
from schema.ids import from_global_id


@dataclass(frozen=True, slots=True)
class ContextOverrides:
    channel: Channel | None = None
    country: str | None = None
    language: str | None = None
    currency: str | None = None
    store: str | None = None

    def is_empty(self) -> bool:
        return self == ContextOverrides()


def apply_overrides(base: CommerceContext, o: ContextOverrides) -> CommerceContext:
    """A currency follows from the country unless it is given explicitly."""
    if o.is_empty():
        return base
    country = o.country or base.country
    if o.currency:
        currency = o.currency
    elif o.country:
        currency = CURRENCY_BY_COUNTRY.get(o.country, base.currency)
    else:
        currency = base.currency
    return replace(
        base,
        channel=o.channel or base.channel,
        country=country,
        language=o.language or base.language,
        currency=currency,
        store_id=store_key(o.store) if o.store else base.store_id,
    )


def store_key(store: str) -> str:
    """A store may be named by its global ID or by the back end's own id."""
    decoded = from_global_id(store)
    if decoded is not None and decoded[0] == "Store":
        return decoded[1]
    return store
