"""The OMS seen through an ERP's customer accounts (`[identity.accounts]`): each Customer
the OMS answers — read (`customers`) or signed in (`authenticate`, whose group the
access token then carries) — buys in the customer group of its ERP account, found by
email (CustomerAccounts, e.g. Odoo's res.partner and its pricelist). A customer the ERP
does not know keeps the group the OMS gives.

A batch costs the OMS's own call and one `customers_by_email` call on the ERP for the
customers whose group is not cached (connectors.identity_cache, keyed by the OMS id).
Everything else (carts, orders, writes) is the OMS's, passed through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from connectors.context import CommerceContext
from connectors.identity_cache import LinkCache
from connectors.models import Customer
from connectors.protocols import CustomerAccounts


class GroupedCustomers:
    def __init__(self, oms: Any, accounts: CustomerAccounts, cache: LinkCache) -> None:
        self._oms, self._accounts, self._cache = oms, accounts, cache
        self.name: str = getattr(oms, "name", "orders")

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._oms, attribute)

    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        return await self._regrouped(await self._oms.customers(ids, ctx), ctx)

    async def authenticate(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        customer = await self._oms.authenticate(email, password, ctx)
        return None if customer is None else (await self._regrouped([customer], ctx))[0]

    async def _regrouped(
        self, customers: Sequence[Customer | None], ctx: CommerceContext
    ) -> list[Customer | None]:
        known = {c.id: c for c in customers if c is not None}
        if not known:
            return list(customers)

        async def resolve(ids: Sequence[str]) -> list[str | None]:
            return await self._groups([known[i] for i in ids], ctx)

        groups = dict(zip(known, await self._cache.get(list(known), resolve), strict=True))
        return [_in_group(c, groups.get(c.id)) if c is not None else None for c in customers]

    async def _groups(self, customers: list[Customer], ctx: CommerceContext) -> list[str | None]:
        emails = [c.email.strip().lower() for c in customers]
        wanted = list(dict.fromkeys(e for e in emails if e))
        found = await self._accounts.customers_by_email(wanted, ctx) if wanted else []
        groups = {e: a.customer_group for e, a in zip(wanted, found, strict=True) if a}
        return [groups.get(e) for e in emails]


def _in_group(customer: Customer, group: str | None) -> Customer:
    return customer if group is None else replace(customer, customer_group=group)
