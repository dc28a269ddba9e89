"""Fake OMS, loyalty and ERP connectors for the identity-link tests: each counts its
calls (one entry per call, with the keys it was asked)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from connectors.context import CommerceContext
from connectors.models import Customer, EarnQuery, LoyaltyAccount, LoyaltyPosting


@dataclass
class FakeOms:
    known: dict[str, Customer]
    name: str = "commerce"
    calls: list[list[str]] = field(default_factory=list)

    async def customers(self, ids: Sequence[str], ctx: CommerceContext) -> list[Customer | None]:
        self.calls.append(list(ids))
        return [self.known.get(i) for i in ids]

    async def authenticate(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        found = [c for c in self.known.values() if c.email == email]
        return found[0] if found and password == "secret" else None

    async def carts(self, ids: Sequence[str], ctx: CommerceContext) -> list[None]:
        return [None] * len(ids)


@dataclass
class FakeLoyalty:
    """Members by email (lower case) and by card; accounts by member id."""

    by_email: dict[str, str]
    by_card: dict[str, str]
    balances: dict[str, int]
    name: str = "loyalty"
    member_calls: list[tuple[str, list[str]]] = field(default_factory=list)
    account_calls: list[tuple[list[str], str | None]] = field(default_factory=list)
    points_contexts: list[str | None] = field(default_factory=list)
    postings: list[tuple[LoyaltyPosting, str | None]] = field(default_factory=list)

    async def members_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> list[str | None]:
        self.member_calls.append(("email", list(emails)))
        return [self.by_email.get(e) for e in emails]

    async def members_by_card(self, cards: Sequence[str], ctx: CommerceContext) -> list[str | None]:
        self.member_calls.append(("card", list(cards)))
        return [self.by_card.get(c) for c in cards]

    async def accounts(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> list[LoyaltyAccount | None]:
        self.account_calls.append((list(ids), ctx.customer_id))
        return [self._account(i) for i in ids]

    async def points_for(self, queries: Sequence[EarnQuery], ctx: CommerceContext) -> list[int]:
        self.points_contexts.append(ctx.customer_id)
        return [2 if ctx.customer_id else 1 for _ in queries]

    def _account(self, member: str) -> LoyaltyAccount | None:
        if member not in self.balances:
            return None
        return LoyaltyAccount(member, member, f"CARD-{member}", "gold", self.balances[member])


@dataclass
class PostingLoyalty(FakeLoyalty):
    async def post(self, posting: LoyaltyPosting, ctx: CommerceContext) -> LoyaltyAccount:
        self.postings.append((posting, ctx.customer_id))
        member = posting.customer_id
        self.balances[member] += posting.earned - posting.spent
        account = self._account(member)
        assert account is not None
        return replace(account)


@dataclass
class FakeErp:
    groups: dict[str, str]  # lower-case email -> customer group
    name: str = "erp"
    calls: list[list[str]] = field(default_factory=list)

    async def customers_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> list[Customer | None]:
        self.calls.append(list(emails))
        return [
            Customer(f"erp-{e}", e, customer_group=self.groups[e]) if e in self.groups else None
            for e in emails
        ]


def customer(ident: str, email: str, card: str | None = None) -> Customer:
    return Customer(ident, email, "First", "Last", loyalty_card=card)
