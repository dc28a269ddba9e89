"""The commerce context: who is asking, from where, in which currency and language.

It is passed to every connector call and is part of every loader key and cache key, so a
price resolved for one channel, currency or customer group is never served to another.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Channel(enum.Enum):
    WEB = "WEB"
    APP = "APP"
    STORE = "STORE"
    KIOSK = "KIOSK"
    CALL_CENTER = "CALL_CENTER"
    PARTNER = "PARTNER"


# Where a country is given without a currency, the currency follows from the country.
CURRENCY_BY_COUNTRY: dict[str, str] = {
    "FR": "EUR",
    "BE": "EUR",
    "DE": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "NL": "EUR",
    "LU": "EUR",
    "IE": "EUR",
    "PT": "EUR",
    "AT": "EUR",
    "GB": "GBP",
    "CH": "CHF",
    "US": "USD",
}

DEFAULT_CUSTOMER_GROUP = "default"


@dataclass(frozen=True, slots=True)
class CommerceContext:
    """One operation's context; frozen and hashable so it can sit inside cache keys."""

    channel: Channel = Channel.WEB
    country: str = "FR"
    language: str = "fr"
    currency: str = "EUR"
    store_id: str | None = None
    customer_group: str = DEFAULT_CUSTOMER_GROUP
    customer_id: str | None = None
    # Computed once: a context is hashed for every cache and loader key of a request (an
    # enum's hash is Python code), thousands of times for one listing.
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        fields = (self.channel, self.country, self.language, self.currency)
        identity = (self.store_id, self.customer_group, self.customer_id)
        object.__setattr__(self, "_hash", hash((*fields, *identity)))

    def __hash__(self) -> int:
        return self._hash

    def with_customer(self, customer_id: str | None, group: str) -> CommerceContext:
        return replace(self, customer_id=customer_id, customer_group=group)

    def public(self) -> CommerceContext:
        """The context without the customer identity: the key for data shared by a group.
        Itself when it has none: an equal copy would make every cache lookup compare the
        two field by field instead of by identity."""
        return self if self.customer_id is None else replace(self, customer_id=None)
