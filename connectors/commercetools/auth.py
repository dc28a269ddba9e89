"""Tokens for one commercetools API client, and customer tokens for sign-in.

- The API client's token: the OAuth 2.0 client-credentials flow, `POST {auth_url}/oauth/token`,
  form body `grant_type=client_credentials&scope=...`, the client id and secret as HTTP
  Basic credentials. Caching, renewal before expiry and single-flight renewal are
  `connectors.oauth.TokenCache`'s; `client_credentials` is its `fetch_token`.
- A customer's token: the OAuth password flow
  (`POST {auth_url}/oauth/{project}/customers/token`), used by sign-in.
"""

from __future__ import annotations

import base64
from typing import Any

from connectors.commercetools.errors import error_codes
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.errors import UpstreamAuthError, UpstreamBadResponse
from connectors.http import UpstreamClient
from connectors.oauth import Token, read_token

TOKEN_PATH = "/oauth/token"
REFUSED = frozenset({400})
Raw = dict[str, Any]


class Grants:
    def __init__(self, http: UpstreamClient, settings: CommercetoolsSettings) -> None:
        self._http = http
        self._settings = settings
        secret = f"{settings.client_id}:{settings.client_secret}".encode()
        self._basic = {"Authorization": "Basic " + base64.b64encode(secret).decode()}

    async def client_credentials(self) -> Token:
        connector = self._http.connector
        form = {"grant_type": "client_credentials", "scope": self._settings.scope}
        try:
            response = await self._http.request(
                "POST", TOKEN_PATH, headers=self._basic, form=form, expected=REFUSED
            )
        except UpstreamAuthError as exc:
            raise UpstreamAuthError(connector, "client credentials refused") from exc
        if response.status == 404:
            raise UpstreamAuthError(connector, f"no token endpoint at {TOKEN_PATH}: auth_url?")
        if response.status in REFUSED:
            # invalid_scope, unsupported_grant_type: the configuration asks for the wrong thing.
            raise UpstreamAuthError(connector, "client-credentials grant refused (400)")
        return read_token(connector, response.body)

    async def password(self, email: str, password: str) -> Raw | None:
        """A customer token by the OAuth password flow, or None for wrong credentials."""
        connector = self._http.connector
        form = {"grant_type": "password", "username": email, "password": password}
        path = f"/oauth/{self._settings.project_key}/customers/token"
        response = await self._http.request(
            "POST", path, headers=self._basic, form=form, expected=REFUSED
        )
        if response.status in REFUSED:
            body = response.body
            codes = [*error_codes(body), body.get("error") if isinstance(body, dict) else None]
            if "invalid_customer_account_credentials" in codes:
                return None
            raise UpstreamAuthError(connector, f"password flow refused ({codes})")
        token = response.body
        if not isinstance(token, dict) or not isinstance(token.get("scope"), str):
            raise UpstreamBadResponse(connector, "customer token without a scope")
        return token
