"""Authorised reads from the Akeneo REST API and its HAL pages.

Every call goes through the project's UpstreamClient (timeouts, bounded retries honouring
Retry-After, status mapping) with a bearer token from the TokenCache: a 401 renews the token
and retries once; a second refusal is the configuration's fault and surfaces as
UpstreamAuthError naming the connector.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from yarl import URL

from connectors.akeneo.auth import AkeneoGrants
from connectors.akeneo.settings import AkeneoSettings
from connectors.base import ConnectorEnv
from connectors.errors import UpstreamBadResponse
from connectors.http import RetryPolicy, UpstreamClient
from connectors.oauth import TokenCache

API = "/api/rest/v1"
Raw = dict[str, Any]
Params = Mapping[str, str]
# A runaway `next` chain (a PIM bug, a proxy loop) stops here rather than spinning forever.
MAX_PAGES = 1000


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Raw]
    next: tuple[str, dict[str, str]] | None  # path and parameters of `_links.next`
    count: int | None  # `items_count`, when asked for with `with_count=true`


class AkeneoClient:
    def __init__(self, settings: AkeneoSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        retry = RetryPolicy(attempts=settings.retry_attempts)
        self._http = UpstreamClient(
            env.instance, env.session, settings.base_url, settings.timeout_s, retry
        )
        self.tokens = TokenCache(AkeneoGrants(self._http, settings), settings.refresh_margin_s)
        self._base = URL(settings.base_url.rstrip("/"))

    async def get(self, path: str, params: Params | None = None) -> Any:
        """The JSON body of a GET, or None where Akeneo answers 404."""
        return await self.tokens.authorised(lambda token: self._get(path, params, token))

    async def _get(self, path: str, params: Params | None, token: str) -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        return (await self._http.get_json(path, params, headers)).body

    async def page(self, path: str, params: Params) -> Page:
        body = await self.get(path, params)
        if body is None:
            raise UpstreamBadResponse(self.name, f"{path}: no such collection (base_url?)")
        embedded = body.get("_embedded") if isinstance(body, dict) else None
        items = embedded.get("items") if isinstance(embedded, dict) else None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise UpstreamBadResponse(self.name, f"{path}: no _embedded.items list")
        count = body.get("items_count")
        return Page(items, self._next(body), count if isinstance(count, int) else None)

    async def all_items(self, path: str, params: Params, at_most: int | None = None) -> list[Raw]:
        """Every item of a collection, following `_links.next` as Akeneo asks clients to.
        With `at_most` (a filter on N keys finds at most N items), a full page that holds
        them all is the last: Akeneo links a full page to a next one even when it is empty."""
        items: list[Raw] = []
        following: tuple[str, Params] | None = (path, params)
        for _ in range(MAX_PAGES):
            if following is None or (at_most is not None and len(items) >= at_most):
                return items
            page = await self.page(*following)
            items.extend(page.items)
            following = page.next
        raise UpstreamBadResponse(self.name, f"{path}: more than {MAX_PAGES} pages")

    def _next(self, body: Raw) -> tuple[str, dict[str, str]] | None:
        link = body.get("_links", {}).get("next") if isinstance(body.get("_links"), dict) else None
        href = link.get("href") if isinstance(link, dict) else None
        if not isinstance(href, str):
            return None
        url = URL(href)
        prefix = self._base.path.rstrip("/")
        # The bearer token goes wherever the link points: never off the configured PIM.
        if url.origin() != self._base.origin() or not url.path.startswith(prefix + API):
            raise UpstreamBadResponse(self.name, "a next link points outside the PIM")
        return url.path[len(prefix) :], dict(url.query)
