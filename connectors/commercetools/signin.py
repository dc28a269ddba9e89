"""Customer sign-in (OrderTransactions.authenticate).

`sign_in = "login"` (default): `POST /{project}/login` with the email and password, one
request that answers the customer, or 400 InvalidCredentials. `sign_in = "password"`: the
OAuth password flow (`POST {auth}/oauth/{project}/customers/token`), then the customer
named by the token's `customer_id:` scope; for API clients without `manage_customers`, and
for servers without `/login` (the commercetools mock). Wrong credentials give None either
way, whichever part is wrong.
"""

from __future__ import annotations

from connectors.commercetools import normalise
from connectors.commercetools.errors import error_codes
from connectors.commercetools.orders import OrderReads
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse
from connectors.models import Customer

LOGIN = "/login"
CUSTOMER_SCOPE = "customer_id:"


class SignIn(OrderReads):
    async def authenticate(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        if self.settings.sign_in == "password":
            return await self._password_flow(email, password, ctx)
        response = await self.client.post(LOGIN, {"email": email, "password": password})
        if response.status == 400 and "InvalidCredentials" in error_codes(response.body):
            return None
        body = response.body
        if response.status >= 400 or not isinstance(body, dict):
            raise UpstreamBadResponse(self.name, f"{LOGIN} -> {response.status}")
        ref = await self.reference.get()
        groups = {key: group for group, key in self.settings.customer_groups.items()}
        card = self.settings.loyalty_card_field
        return self._normalised(lambda: normalise.customer(body["customer"], ref, groups, card))

    async def _password_flow(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        token = await self.client.password_grant(email, password)
        if token is None:
            return None
        scopes = str(token["scope"]).split()
        customer_id = next(
            (s.removeprefix(CUSTOMER_SCOPE) for s in scopes if s.startswith(CUSTOMER_SCOPE)), None
        )
        if not customer_id:
            raise UpstreamBadResponse(self.name, "customer token names no customer")
        return (await self.customers([customer_id], ctx))[0]
