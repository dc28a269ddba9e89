"""Authorised calls to one commercetools project.

Every call goes through the project's UpstreamClient (timeouts, status mapping, bounded
retries honouring Retry-After; commercetools' 400/409 come back as answers) with a bearer
token from the TokenCache: a 401 renews the token and is retried once; a second refusal is
the configuration's fault and surfaces as UpstreamAuthError naming the connector.

Reads are retried on 429, 5xx and timeouts. Writes are retried on 429 only (commercetools
did not process the request): after a 5xx or a timeout a write may have happened, and
repeating an `addLineItem` would add the line twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from multidict import MultiDict

from connectors.base import ConnectorEnv
from connectors.commercetools.auth import Grants
from connectors.commercetools.errors import ANSWERED, error_codes
from connectors.commercetools.settings import CommercetoolsSettings
from connectors.errors import UpstreamBadResponse
from connectors.http import RetryPolicy, UpstreamClient, UpstreamResponse
from connectors.oauth import TokenCache

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
        self._api = UpstreamClient(
            env.instance, env.session, settings.api_url, settings.timeout_s, retry
        )
        auth = UpstreamClient(
            env.instance, env.session, settings.auth_url, settings.timeout_s, retry
        )
        self.grants = Grants(auth, settings)
        self.tokens = TokenCache(self.grants.client_credentials, settings.refresh_margin_s)
        self._prefix = f"/{settings.project_key}"

    # --- reads ----------------------------------------------------------------------------

    async def get(self, path: str, params: Params | None = None) -> Any:
        """The JSON body of a GET, or None where commercetools answers 404."""
        response = await self._authorised("GET", path, params, None)
        if response.status in ANSWERED:
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
        response = await self._authorised("POST", path, None, body)
        if response.status in ANSWERED:
            codes = ",".join(error_codes(response.body)) or "?"
            raise UpstreamBadResponse(self.name, f"POST {path} -> {response.status} ({codes})")
        return response.body

    # --- writes ---------------------------------------------------------------------------

    async def post(self, path: str, body: Raw, params: Params | None = None) -> UpstreamResponse:
        """A write; 400 and 409 come back with their error body, 404 with None."""
        return await self._authorised("POST", path, params, body, idempotent=False)

    async def password_grant(self, email: str, password: str) -> Raw | None:
        """A customer token by the OAuth password flow, or None for wrong credentials."""
        return await self.grants.password(email, password)

    # --- plumbing -------------------------------------------------------------------------

    async def _authorised(
        self,
        method: str,
        path: str,
        params: Params | None,
        body: Raw | None,
        *,
        idempotent: bool = True,
    ) -> UpstreamResponse:
        flat = _flat(params) if params else None

        async def send(token: str) -> UpstreamResponse:
            return await self._api.request(
                method,
                self._prefix + path,
                params=flat,
                headers={"Authorization": f"Bearer {token}"},
                json=body,
                expected=ANSWERED,
                idempotent=idempotent,
            )

        return await self.tokens.authorised(send)


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
