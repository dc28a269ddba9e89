"""Customer accounts from res.partner: a partner as a canonical Customer whose customer
group is the one its pricelist (`property_product_pricelist`) stands for in the
`pricelists` setting, read by id or by email, one `in` domain per batch.

Emails are matched on `email_normalized` (the lower-cased address Odoo's mail module
keeps and matches on itself), so `Leo.Bernard@Example.COM` is found by any casing. When
several active partners share an address (a supplier's contact, a duplicate), the
customer is meant: the highest `customer_rank`, then the oldest record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connectors.context import DEFAULT_CUSTOMER_GROUP
from connectors.models import Customer
from connectors.odoo.book import PricelistBook
from connectors.odoo.rpc import OdooRpc
from connectors.odoo.settings import OdooSettings

ACCOUNT_FIELDS = ["name", "email", "email_normalized", "property_product_pricelist"]
ACCOUNT_FIELDS += ["customer_rank"]


def normalised_email(email: str) -> str:
    return email.strip().lower()


def partner_id(customer_id: str) -> int | None:
    """A Customer id here is the partner's id; anything else names no partner."""
    text = customer_id.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


async def read_by_id(rpc: OdooRpc, ids: Sequence[int]) -> list[dict[str, Any]]:
    return await rpc.search_read("res.partner", [("id", "in", list(ids))], ACCOUNT_FIELDS)


async def read_by_email(rpc: OdooRpc, emails: Sequence[str]) -> list[dict[str, Any]]:
    domain = [("email_normalized", "in", list(emails))]
    return await rpc.search_read("res.partner", domain, ACCOUNT_FIELDS)


def by_email(rows: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The partner each normalised address means (see the module's docstring)."""
    chosen: dict[str, Mapping[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (-_rank(r), int(r["id"]))):
        email = row.get("email_normalized")
        if isinstance(email, str) and email:
            chosen.setdefault(email, row)
    return chosen


def customer_from(
    row: Mapping[str, Any], book: PricelistBook, settings: OdooSettings
) -> Customer | None:
    """None for a partner without an email: the gateway knows customers by it."""
    email = row.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    name = row.get("name")
    first, _, last = (name if isinstance(name, str) else "").strip().partition(" ")
    return Customer(
        id=str(row["id"]),
        email=email.strip(),
        first_name=first or None,
        last_name=last or None,
        customer_group=_group(row.get("property_product_pricelist"), book, settings),
    )


def _group(pricelist: Any, book: PricelistBook, settings: OdooSettings) -> str:
    # The many2one's display name carries the currency ("Pro (EUR)"): read the name
    # from the pricelists already in the book.
    ident = pricelist[0] if isinstance(pricelist, list) and pricelist else None
    known = book.pricelists.get(ident) if isinstance(ident, int) else None
    group = settings.group_for(known.name) if known is not None else None
    return group or DEFAULT_CUSTOMER_GROUP


def _rank(row: Mapping[str, Any]) -> int:
    rank = row.get("customer_rank")
    return rank if isinstance(rank, int) and not isinstance(rank, bool) else 0
