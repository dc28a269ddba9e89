"""customerAccessTokenCreate: credentials checked by the orders system, token signed here."""

from __future__ import annotations

import math

from schema.context import Info
from schema.orders.cart_mutations import order_writer
from schema.payloads import CustomerAccessTokenCreatePayload, Refused

MAX_CREDENTIAL_LENGTH = 256


async def _admit(info: Info, email: str) -> None:
    """Password guessing waits: per account and per client address, on every replica."""
    guard = info.context.sign_in
    wait = None if guard is None else await guard.admit(email, info.context.client)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise Refused("THROTTLED", f"too many failed sign-ins: try again in {seconds} s")


async def customer_access_token_create(
    info: Info, email: str, password: str
) -> CustomerAccessTokenCreatePayload:
    # The same refusal for an unknown email and a wrong password: no account enumeration.
    refusal = Refused("INVALID_CREDENTIALS", "unrecognised email or password")
    if not email.strip() or not password or len(email) + len(password) > MAX_CREDENTIAL_LENGTH:
        raise refusal
    c = info.context
    await _admit(info, email)
    customer = await order_writer(info).authenticate(email.strip(), password, c.commerce)
    if customer is None:
        if c.sign_in is not None:
            await c.sign_in.failed(email, c.client)
        raise refusal
    token, expires_at = c.tokens.issue(customer)
    return CustomerAccessTokenCreatePayload(access_token=token, expires_at=expires_at)
