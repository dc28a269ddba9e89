"""The loyalty connector seen through an identity link (`[identity.loyalty]`): the
gateway knows customers by the OMS's ids, a loyalty system with its own member ids
(LoyaltyMembers) finds its members by what the OMS knows of them — the email, or the
loyalty card the OMS keeps (Customer.loyalty_card).

`accounts(oms_ids)` costs one `customers` call on the OMS, one `members_by_email` (or
`members_by_card`) call and one `accounts` call on the loyalty system, however many
customers, and none of the first two for links already cached (connectors.identity_cache).
Answers carry the OMS id as `customer_id`, so the rest of the gateway never sees a
member id; a customer without a member has no account (None, not an error). The
context's customer is mapped too, so the loyalty system prices points with its own
member's tier; a posting is made on the member and answered for the OMS customer.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from dataclasses import replace

from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse
from connectors.identity_cache import LinkCache
from connectors.models import Customer, EarnQuery, LoyaltyAccount, LoyaltyPosting
from connectors.protocols import (
    LoyaltyConnector,
    LoyaltyMembers,
    LoyaltyTransactions,
    OrdersConnector,
)


class Link(enum.Enum):
    EMAIL = "email"
    CARD = "card"


class MemberLinks:
    """OMS customer id -> loyalty member id, batched and cached."""

    def __init__(
        self,
        oms: OrdersConnector,
        members: LoyaltyMembers,
        link: Link,
        cache: LinkCache,
        oms_batch: int = 100,
    ) -> None:
        self._oms, self._members, self._link = oms, members, link
        self._cache, self._oms_batch = cache, max(1, oms_batch)

    async def members(self, customer_ids: Sequence[str], ctx: CommerceContext) -> list[str | None]:
        return await self._cache.get(customer_ids, lambda ids: self._resolve(ids, ctx))

    async def _resolve(self, ids: Sequence[str], ctx: CommerceContext) -> list[str | None]:
        size = self._oms_batch
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
        found = await asyncio.gather(*(self._oms.customers(chunk, ctx) for chunk in chunks))
        keys = [self._key(c) for answer in found for c in answer]
        wanted = list(dict.fromkeys(k for k in keys if k))
        if not wanted:
            return [None] * len(ids)
        if self._link is Link.CARD:
            answers = await self._members.members_by_card(wanted, ctx)
        else:
            answers = await self._members.members_by_email(wanted, ctx)
        members = dict(zip(wanted, answers, strict=True))
        return [members.get(k) if k else None for k in keys]

    def _key(self, customer: Customer | None) -> str | None:
        if customer is None:
            return None
        if self._link is Link.CARD:
            return (customer.loyalty_card or "").strip() or None
        # Addresses are matched without case: the OMS and the loyalty system may each
        # keep the casing the customer once typed.
        return customer.email.strip().lower() or None


class LinkedLoyalty:
    """A LoyaltyConnector over a loyalty system keyed by its own member ids."""

    def __init__(self, loyalty: LoyaltyConnector, links: MemberLinks) -> None:
        self._loyalty, self._links = loyalty, links
        self.name: str = getattr(loyalty, "name", "loyalty")

    async def accounts(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[LoyaltyAccount | None]:
        keys = list(customer_ids)
        members, member_ctx = await self._members(keys, ctx)
        wanted = list(dict.fromkeys(m for m in members if m is not None))
        found = await self._loyalty.accounts(wanted, member_ctx) if wanted else []
        accounts = dict(zip(wanted, found, strict=True))
        return [
            _for_customer(accounts.get(m), key) if m is not None else None
            for key, m in zip(keys, members, strict=True)
        ]

    async def points_for(
        self, queries: Sequence[EarnQuery], ctx: CommerceContext
    ) -> Sequence[int | None]:
        _, member_ctx = await self._members([], ctx)
        return await self._loyalty.points_for(queries, member_ctx)

    async def _members(
        self, keys: list[str], ctx: CommerceContext
    ) -> tuple[list[str | None], CommerceContext]:
        """The keys' members and the context with its customer as a member (or as no
        one), from one link lookup."""
        asker = ctx.customer_id
        if asker is None:
            return (await self._links.members(keys, ctx) if keys else []), ctx
        linked = await self._links.members([*keys, asker], ctx)
        return linked[:-1], replace(ctx, customer_id=linked[-1])


class LinkedLoyaltyWithPostings(LinkedLoyalty):
    """The same, for a loyalty system that takes postings (LoyaltyTransactions)."""

    def __init__(self, loyalty: LoyaltyTransactions, links: MemberLinks) -> None:
        super().__init__(loyalty, links)  # type: ignore[arg-type]
        self._postings = loyalty

    async def post(self, posting: LoyaltyPosting, ctx: CommerceContext) -> LoyaltyAccount:
        (member,), member_ctx = await self._members([posting.customer_id], ctx)
        if member is None:
            # The checkout posts only for a customer with an account: the link went
            # missing in between (the member was deleted). Nothing is posted.
            raise UpstreamBadResponse(
                self.name, f"customer {posting.customer_id} has no loyalty member"
            )
        account = await self._postings.post(replace(posting, customer_id=member), member_ctx)
        return replace(account, customer_id=posting.customer_id)


def _for_customer(account: LoyaltyAccount | None, customer_id: str) -> LoyaltyAccount | None:
    return None if account is None else replace(account, customer_id=customer_id)


def linked_loyalty(loyalty: LoyaltyConnector, links: MemberLinks) -> LinkedLoyalty:
    """The wrapper with `post` exactly when the loyalty system takes postings, so that
    checkout's LoyaltyTransactions check keeps telling the truth."""
    if isinstance(loyalty, LoyaltyTransactions):
        return LinkedLoyaltyWithPostings(loyalty, links)
    return LinkedLoyalty(loyalty, links)
