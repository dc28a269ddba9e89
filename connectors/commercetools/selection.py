"""The commerce context in commercetools' terms, and commercetools' price selection.

commercetools selects one embedded Price per variant from the price selection parameters
(`priceCurrency`, `priceCountry`, `priceCustomerGroup`, `priceChannel`): currency and
validity are hard filters; a Price scoped to a customer group, channel or country only
fits that one; among the Prices that fit, the most specific wins, in the documented
fallback order

    group + channel + country, group + channel, group + country, group,
    channel + country, channel, country, currency only

and, at one level, a Price with a validity period wins over one without. The API puts its
choice in `variant.price`; `select_price` makes the same choice from `variant.prices`, for
answers that lack it (the mock selects exact matches only, without the fallback).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from connectors.commercetools.reference import Reference
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.context import CommerceContext

Raw = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Selection:
    locale: str
    fallback_locale: str
    currency: str
    country: str
    customer_group_id: str | None = None
    channel_id: str | None = None

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.locale, self.fallback_locale)))

    def price_params(self) -> dict[str, str]:
        params = {"priceCurrency": self.currency, "priceCountry": self.country}
        if self.customer_group_id:
            params["priceCustomerGroup"] = self.customer_group_id
        if self.channel_id:
            params["priceChannel"] = self.channel_id
        return params


def selection(
    settings: CommercetoolsSettings, reference: Reference, ctx: CommerceContext
) -> Selection:
    """An omnicanal group or channel commercetools does not know selects no group or
    channel: the shopper gets the prices everyone gets."""
    group_key = settings.customer_groups.get(ctx.customer_group)
    channel_key = settings.distribution_channels.get(ctx.channel.value)
    return Selection(
        locale=settings.locale(ctx.language),
        fallback_locale=settings.fallback_locale,
        currency=ctx.currency,
        country=ctx.country,
        customer_group_id=reference.group_ids.get(group_key) if group_key else None,
        channel_id=reference.channel_ids.get(channel_key) if channel_key else None,
    )


def select_price(prices: Sequence[Raw], sel: Selection, now: datetime) -> Raw | None:
    best: Raw | None = None
    best_rank: tuple[bool, bool, bool, bool] | None = None
    for price in prices:
        scope = _scope(price, sel, now)
        if scope is not None and (best_rank is None or scope > best_rank):
            best, best_rank = price, scope
    return best


def _scope(price: Raw, sel: Selection, now: datetime) -> tuple[bool, bool, bool, bool] | None:
    """How specific `price` is for `sel` (greater is more specific), None if it does not
    fit. Tuples compare in the fallback order: group, then channel, then country, then a
    validity period."""
    if price["value"]["currencyCode"] != sel.currency:
        return None
    valid_from, valid_until = price.get("validFrom"), price.get("validUntil")
    if valid_from and _instant(valid_from) > now:
        return None
    if valid_until and _instant(valid_until) <= now:
        return None
    group = (price.get("customerGroup") or {}).get("id")
    channel = (price.get("channel") or {}).get("id")
    country = price.get("country")
    if group not in (None, sel.customer_group_id):
        return None
    if channel not in (None, sel.channel_id):
        return None
    if country not in (None, sel.country):
        return None
    dated = bool(valid_from or valid_until)
    return (group is not None, channel is not None, country is not None, dated)


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)
