"""Tokens for one Akeneo API connection: the OAuth password grant, then refresh grants.

Caching, renewal before expiry and single-flight renewal are `connectors.oauth.TokenCache`'s;
this module only knows how Akeneo grants a token. Refresh tokens are single-use, which the
cache's one-renewal-at-a-time guarantees.
"""

from __future__ import annotations

import base64

from connectors.akeneo.settings import AkeneoSettings
from connectors.errors import UpstreamAuthError
from connectors.http import UpstreamClient
from connectors.oauth import Token, read_token

TOKEN_PATH = "/api/oauth/v1/token"
# Akeneo answers 422 to a wrong client, secret, user or password (400 to a body it cannot read).
REFUSED = frozenset({400, 422})


class AkeneoGrants:
    """`fetch_token` for the TokenCache: a refresh grant while a refresh token is held,
    the password grant otherwise (or when the refresh token is refused)."""

    def __init__(self, http: UpstreamClient, settings: AkeneoSettings) -> None:
        self._http = http
        self._settings = settings
        secret = f"{settings.client_id}:{settings.client_secret}".encode()
        self._basic = "Basic " + base64.b64encode(secret).decode()
        self._refresh: str | None = None

    async def __call__(self) -> Token:
        if self._refresh is not None:
            refresh, self._refresh = self._refresh, None
            try:
                return await self._grant({"grant_type": "refresh_token", "refresh_token": refresh})
            except UpstreamAuthError:
                pass  # refresh token expired or revoked: the password grant still works
        settings = self._settings
        grant = {"grant_type": "password", "username": settings.username}
        return await self._grant(grant | {"password": settings.password})

    async def _grant(self, body: dict[str, str]) -> Token:
        connector = self._http.connector
        headers = {"Authorization": self._basic}
        response = await self._http.request(
            "POST", TOKEN_PATH, headers=headers, json=body, expected=REFUSED
        )
        if response.status == 404:
            raise UpstreamAuthError(connector, f"no token endpoint at {TOKEN_PATH}: base_url?")
        if response.status in REFUSED:
            raise UpstreamAuthError(connector, f"{body['grant_type']} grant refused")
        token = read_token(connector, response.body)
        refresh = response.body.get("refresh_token")
        self._refresh = refresh if isinstance(refresh, str) else None
        return token
