"""Authorised calls to one commercetools project.

Every call goes through the project's UpstreamClient (timeouts, status mapping, bounded
retries honouring Retry-After; `transport` adds commercetools' 400/409 answers and form
bodies). A 401 renews the token and is retried once; a second refusal is the
configuration's fault and surfaces as UpstreamAuthError naming the connector.

Reads are retried on 429, 5xx and timeouts. Writes are retried on 429 only (commercetools
did not process the request): after a 5xx or a timeout a write may have happened, and
repeating an `addLineItem` would add the line twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from multidict import MultiDict

from connectors.base import ConnectorEnv
from connectors.commercetools.auth import TokenSource
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.commercetools.transport import (
    PASSED_THROUGH,
    CommercetoolsHttp,
    Form,
    TokenRefused,
    error_codes,
)
from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
)
from connectors.http import MAX_RETRY_AFTER_S, RetryPolicy, UpstreamClient, UpstreamResponse

Raw = dict[str, Any]
Params = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True, slots=True)
class QueryPage:
    results: list[Raw]
    total: int | None


class CommercetoolsClient:
    def __init__(self, settings: CommercetoolsSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        retry = RetryPolicy(attempts=settings.retry_attempts)
        once = RetryPolicy(attempts=1)
        self._reads = CommercetoolsHttp(
            env.instance, env.session, settings.api_url, settings.timeout_s, retry
        )
        self._writes = CommercetoolsHttp(
            env.instance, env.session, settings.api_url, settings.timeout_s, once
        )
        self._auth = CommercetoolsHttp(
            env.instance, env.session, settings.auth_url, settings.timeout_s, retry
        )
        self.tokens = TokenSource(self._auth, settings)
        self._prefix = f"/{settings.project_key}"

    # --- reads ----------------------------------------------------------------------------

    async def get(self, path: str, params: Params | None = None) -> Any:
        """The JSON body of a GET, or None where commercetools answers 404."""
        response = await self._authorised(self._reads, "GET", path, params, None)
        if response.status in PASSED_THROUGH:
            # A predicate or parameter commercetools cannot read: a bug here, not a miss.
            codes = ",".join(error_codes(response.body)) or "?"
            raise UpstreamBadResponse(self.name, f"GET {path} -> {response.status} ({codes})")
        return response.body

    async def query(self, path: str, params: Params) -> QueryPage:
        """One page of a query endpoint (`{results, total}`)."""
        body = await self.get(path, params)
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise UpstreamBadResponse(self.name, f"{path}: no results list")
        total = body.get("total")
        return QueryPage(results, total if isinstance(total, int) else None)

    async def search(self, path: str, body: Raw) -> Any:
        """A read sent as POST (Product Search): retried like a GET."""
        response = await self._authorised(self._reads, "POST", path, None, body)
        if response.status in PASSED_THROUGH:
            codes = ",".join(error_codes(response.body)) or "?"
            raise UpstreamBadResponse(self.name, f"POST {path} -> {response.status} ({codes})")
        return response.body

    # --- writes ---------------------------------------------------------------------------

    async def post(self, path: str, body: Raw, params: Params | None = None) -> UpstreamResponse:
        """A write; 400 and 409 come back with their error body, 404 with None."""
        attempts = self.settings.retry_attempts
        for attempt in range(attempts):
            try:
                return await self._authorised(self._writes, "POST", path, params, body)
            except UpstreamRateLimited as exc:
                if attempt + 1 == attempts:
                    raise
                await asyncio.sleep(min(exc.retry_after, MAX_RETRY_AFTER_S))
        raise AssertionError("unreachable")

    async def password_grant(self, email: str, password: str) -> Raw | None:
        """A customer token by the OAuth password flow, or None for wrong credentials."""
        fields = {"grant_type": "password", "username": email, "password": password}
        path = f"/oauth{self._prefix}/customers/token"
        headers = {"Authorization": self.tokens.basic}
        response = await self._auth.request("POST", path, headers=headers, json=Form(fields))
        if response.status == 400:
            body = response.body
            codes = [*error_codes(body), body.get("error") if isinstance(body, dict) else None]
            if "invalid_customer_account_credentials" in codes:
                return None
            raise UpstreamAuthError(self.name, f"password flow refused ({codes})")
        token = response.body
        if not isinstance(token, dict) or not isinstance(token.get("scope"), str):
            raise UpstreamBadResponse(self.name, "customer token without a scope")
        return token

    # --- plumbing -------------------------------------------------------------------------

    async def _authorised(
        self,
        http: UpstreamClient,
        method: str,
        path: str,
        params: Params | None,
        body: Raw | None,
    ) -> UpstreamResponse:
        token = await self.tokens.bearer()
        try:
            return await self._send(http, method, path, params, body, token)
        except TokenRefused:
            # Expired or revoked on commercetools' side before our clock said so: renew once.
            self.tokens.discard(token)
            token = await self.tokens.bearer()
            try:
                return await self._send(http, method, path, params, body, token)
            except TokenRefused as exc:
                raise UpstreamAuthError(self.name, f"{method} {path}: token refused twice") from exc

    async def _send(
        self,
        http: UpstreamClient,
        method: str,
        path: str,
        params: Params | None,
        body: Raw | None,
        token: str,
    ) -> UpstreamResponse:
        headers = {"Authorization": f"Bearer {token}"}
        flat = _flat(params) if params else None
        return await http.request(
            method, self._prefix + path, params=flat, headers=headers, json=body
        )


def _flat(params: Params) -> MultiDict[str]:
    """A sequence value repeats the parameter (`expand`, `sort`, `localeProjection` may be
    given several times)."""
    flat: MultiDict[str] = MultiDict()
    for key, value in params.items():
        if isinstance(value, str):
            flat.add(key, value)
        else:
            for item in value:
                flat.add(key, item)
    return flat
