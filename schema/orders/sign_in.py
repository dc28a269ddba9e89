"""customerAccessTokenCreate: credentials checked by the orders system, token signed here."""

from __future__ import annotations

from schema.context import Info
from schema.orders.cart_mutations import order_writer
from schema.payloads import CustomerAccessTokenCreatePayload, Refused

MAX_CREDENTIAL_LENGTH = 256


async def customer_access_token_create(
    info: Info, email: str, password: str
) -> CustomerAccessTokenCreatePayload:
    # The same refusal for an unknown email and a wrong password: no account enumeration.
    refusal = Refused("INVALID_CREDENTIALS", "unrecognised email or password")
    if not email.strip() or not password or len(email) + len(password) > MAX_CREDENTIAL_LENGTH:
        raise refusal
    c = info.context
    customer = await order_writer(info).authenticate(email.strip(), password, c.commerce)
    if customer is None:
        raise refusal
    token, expires_at = c.tokens.issue(customer)
    return CustomerAccessTokenCreatePayload(access_token=token, expires_at=expires_at)
