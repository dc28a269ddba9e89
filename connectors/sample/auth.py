"""Sign-in against the customers table.

Verifying a password costs ~40 ms of CPU (scrypt releases the GIL while it works): it runs
on a small pool of its own, never on the event loop and never on the database thread, where
a burst of sign-ins would stall every read. The pool's size also bounds scrypt's memory.
An unknown e-mail costs the same time as a wrong password and gets the same None.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from connectors.context import CommerceContext
from connectors.models import Customer
from connectors.sample.db import SampleDatabase
from connectors.sample.orders import customer_from_row
from connectors.sample.passwords import verify_evenly

VERIFY_WORKERS = 2
# Case-insensitive (ASCII, as SQLite folds), served by the customers_email_nocase index.
CUSTOMER_BY_EMAIL_SQL = """
SELECT id, email, first_name, last_name, customer_group, password_hash
FROM customers WHERE email = ? COLLATE NOCASE
"""


class PasswordVerifier:
    def __init__(self, workers: int = VERIFY_WORKERS) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="omnicanal-sample-auth")

    async def verify(self, stored: str | None, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, verify_evenly, stored, password)

    def close(self) -> None:
        # A verification under way finishes on its thread; nothing waits for it.
        self._executor.shutdown(wait=False, cancel_futures=True)


class SampleAuth:
    db: SampleDatabase
    passwords: PasswordVerifier

    async def authenticate(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        rows = await self.db.fetch(CUSTOMER_BY_EMAIL_SQL, [email.strip()])
        row = rows[0] if rows else None
        matched = await self.passwords.verify(row["password_hash"] if row else None, password)
        return customer_from_row(row) if row is not None and matched else None
