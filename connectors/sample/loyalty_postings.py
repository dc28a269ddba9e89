"""Loyalty postings: the points an order earns and spends, credited and debited at once.

Each posting is recorded under its key, so a retried checkout posts once. A posting that
would take the balance below zero raises InsufficientPoints and changes nothing. Only
members have a balance: posting for a customer without an account is a caller's error.
"""

from __future__ import annotations

from datetime import datetime

from connectors.context import CommerceContext
from connectors.errors import InsufficientPoints
from connectors.models import LoyaltyAccount, LoyaltyPosting
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import SampleDatabase, Transaction
from connectors.sample.loyalty import load_accounts

POSTED_SQL = "SELECT 1 FROM loyalty_postings WHERE idempotency_key = ?"
BALANCE_SQL = "SELECT points_balance FROM loyalty_accounts WHERE customer_id = ?"
UPDATE_BALANCE_SQL = "UPDATE loyalty_accounts SET points_balance = ? WHERE customer_id = ?"
RECORD_SQL = "INSERT INTO loyalty_postings VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


class SampleLoyaltyPostings:
    db: SampleDatabase
    now: Clock

    async def post(self, posting: LoyaltyPosting, ctx: CommerceContext) -> LoyaltyAccount:
        """The account after the posting (or after the earlier one with this key)."""
        if posting.earned < 0 or posting.spent < 0:
            raise ValueError("points earned and spent cannot be negative")
        now = self.now()
        await self.db.transaction(lambda tx: _post(tx, posting, now))
        account = (await load_accounts(self.db, [posting.customer_id], ctx))[0]
        if account is None:  # checked inside the transaction; the file was swapped since
            raise LookupError(f"customer {posting.customer_id} has no loyalty account")
        return account


def _post(tx: Transaction, posting: LoyaltyPosting, now: datetime) -> None:
    if tx.fetch(POSTED_SQL, [posting.idempotency_key]):
        return
    rows = tx.fetch(BALANCE_SQL, [posting.customer_id])
    if not rows:
        raise LookupError(f"customer {posting.customer_id} has no loyalty account")
    balance = rows[0]["points_balance"]
    if balance < posting.spent:
        raise InsufficientPoints(
            f"customer {posting.customer_id} has {balance} points, {posting.spent} asked"
        )
    after = balance - posting.spent + posting.earned
    tx.execute(UPDATE_BALANCE_SQL, [after, posting.customer_id])
    tx.execute(
        RECORD_SQL,
        [
            posting.idempotency_key, posting.customer_id, posting.order_id,
            posting.channel.value, posting.earned, posting.spent, after, stamp(now),
        ],
    )  # fmt: skip
