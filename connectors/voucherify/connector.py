"""Voucherify as omnicanal's loyalty: a member is a loyalty card of the configured
campaign, its code the member id that `accounts` and `post` take as `customer_id`.

Calls per batch. Voucherify reads one card per request and finds customers by one email
per request (its list endpoints filter by a single `customer`, `code` or `email`, never
by a list of them), so:
- `accounts`, `members_by_card`: one `GET .../members/{code}` per distinct key, made in
  parallel, at most `concurrency` at a time across the connector's batches;
- `members_by_email`: per distinct email, `GET /v1/customers?email=` and then
  `GET .../members?customer=` for the customers found, in parallel likewise;
- `points_for`: computed from the earning rules; for a signed-in customer, one
  `GET .../members?customer=` (by `source_id`) for the tier's multipliers;
- `post`: the card, its recent transactions (the idempotency check), one balance change.
Tiers, earning rules and rewards are reference data (connectors.voucherify.programme),
read at start-up and every `programme_ttl_s`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.errors import ConnectorError, UpstreamAuthError
from connectors.keyed import in_key_order
from connectors.models import EarnQuery, LoyaltyAccount, LoyaltyPosting
from connectors.refreshing import Refreshing
from connectors.voucherify import normalise
from connectors.voucherify.client import VoucherifyClient, segment
from connectors.voucherify.earning import points_for_unit
from connectors.voucherify.normalise import Card, Malformed
from connectors.voucherify.postings import Poster
from connectors.voucherify.programme import Programme, read_programme
from connectors.voucherify.settings import VoucherifySettings

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")


class VoucherifyConnector:
    def __init__(self, settings: VoucherifySettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        self.client = VoucherifyClient(settings, env)
        self.programme = Refreshing(
            lambda: read_programme(self.client, settings),
            settings.programme_ttl_s,
            what="loyalty programme",
            connector=env.instance,
        )
        self.poster = Poster(self.client, settings.campaign_id, settings.posted_scan_pages)
        self._members = f"/v1/loyalties/{segment(settings.campaign_id)}/members"
        self._slots = asyncio.Semaphore(settings.concurrency)

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Read the programme now. Wrong keys stop start-up; a Voucherify that is down only
        delays the read."""
        try:
            await self.check()
        except UpstreamAuthError:
            raise
        except ConnectorError as exc:
            log.warning("%s: Voucherify not reachable at start-up: %s", self.name, exc)

    async def check(self) -> None:
        await self.programme.get()

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway

    # --- LoyaltyConnector -----------------------------------------------------------------

    async def accounts(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[LoyaltyAccount | None]:
        if not customer_ids:
            return []
        programme = await self.programme.get()
        cards = await self._each(customer_ids, self._card)
        found = {
            code: normalise.account(card, programme.tiers, programme.offers)
            for code, card in cards.items()
            if card is not None
        }
        return in_key_order(customer_ids, found)

    async def points_for(
        self, queries: Sequence[EarnQuery], ctx: CommerceContext
    ) -> Sequence[int | None]:
        """The campaign's earning rules for the context's channel, times the tier
        multipliers of the signed-in customer's card, found by the customer's id as the
        Voucherify customer's `source_id` (or its `cust_` id): one call, none for
        anonymous shoppers."""
        if not queries:
            return []
        programme: Programme = await self.programme.get()
        multipliers = await self._multipliers(ctx.customer_id, programme)
        currency = self.settings.currency
        return [
            points_for_unit(q.unit_price.amount, ctx.channel, programme.rules, multipliers)
            if q.unit_price.currency == currency
            else None
            for q in queries
        ]

    async def _multipliers(
        self, customer_id: str | None, programme: Programme
    ) -> dict[str, Decimal] | None:
        if not customer_id or len(customer_id) > 200:
            return None
        card = await self._holders_card(customer_id)
        reached = normalise.tier_of(card.points, programme.tiers) if card else None
        return reached.multipliers if reached else None

    # --- LoyaltyMembers -------------------------------------------------------------------

    async def members_by_card(
        self, cards: Sequence[str], ctx: CommerceContext
    ) -> Sequence[str | None]:
        found = await self._each(cards, self._card)
        return [c.code if (c := found.get(key)) is not None else None for key in cards]

    async def members_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> Sequence[str | None]:
        # One search per address whatever its case: the first spelling is the one asked.
        spelling: dict[str, str] = {}
        for email in emails:
            spelling.setdefault(email.strip().lower(), email.strip())
        found = await self._each(list(spelling.values()), self._member_by_email)
        return [found.get(spelling[e.strip().lower()]) for e in emails]

    # --- LoyaltyTransactions --------------------------------------------------------------

    async def post(self, posting: LoyaltyPosting, ctx: CommerceContext) -> LoyaltyAccount:
        if posting.earned < 0 or posting.spent < 0:
            raise ValueError("points earned and spent cannot be negative")
        programme = await self.programme.get()
        card = await self.poster.post(posting, self._card)
        return normalise.account(card, programme.tiers, programme.offers)

    # --- reads ----------------------------------------------------------------------------

    async def _each(
        self, keys: Sequence[K], read: Callable[[K], Awaitable[V | None]]
    ) -> dict[K, V | None]:
        """One read per distinct key, `concurrency` at a time."""
        distinct = list(dict.fromkeys(keys))

        async def bounded(key: K) -> V | None:
            async with self._slots:
                return await read(key)

        return dict(zip(distinct, await asyncio.gather(*map(bounded, distinct)), strict=True))

    async def _card(self, code: str) -> Card | None:
        """The active card with this code in the campaign, or None."""
        if not code or len(code) > 200:
            return None
        raw = await self.client.get(f"{self._members}/{segment(code)}")
        if raw is None:
            return None
        card = self._read_card(raw)
        return card if card.active and card.code == code else None

    async def _member_by_email(self, email: str) -> str | None:
        if "@" not in email or len(email) > 254:
            return None
        rows, _ = await self.client.page(
            "/v1/customers", "customers", {"email": email, "limit": "10"}
        )
        holders = [
            str(r["id"])
            for r in rows
            if isinstance(r.get("id"), str) and str(r.get("email", "")).lower() == email.lower()
        ]
        for holder in holders:  # an email is one customer, but Voucherify does not insist
            code = await self._newest_card(holder)
            if code is not None:
                return code
        return None

    async def _newest_card(self, holder: str) -> str | None:
        card = await self._holders_card(holder)
        return card.code if card is not None and card.holder_id == holder else None

    async def _holders_card(self, holder: str) -> Card | None:
        """The newest active card of a customer named by Voucherify id or `source_id`."""
        rows, _ = await self.client.page(
            self._members, "vouchers", {"customer": holder, "limit": "10"}
        )
        cards = [self._read_card(r) for r in rows]  # Voucherify lists newest first
        return next((c for c in cards if c.active), None)

    def _read_card(self, raw: dict[str, object]) -> Card:
        try:
            return normalise.card(raw)
        except Malformed as exc:
            raise normalise.bad(self.name, "loyalty card", exc) from exc


def create_voucherify_connector(
    settings: VoucherifySettings, env: ConnectorEnv
) -> VoucherifyConnector:
    return VoucherifyConnector(settings, env)
