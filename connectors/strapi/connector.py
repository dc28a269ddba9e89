"""ContentConnector over the Strapi 5 Content API (REST, API token).

One request per chunk of at most `page_size` (100) distinct keys, in the context's locale.
Keys an entry lacks a translation for are asked again, in one more request, in the default
locale: an English storefront shows the French page rather than none. Results are matched
to keys by value; a missing key gives None (pages) or () (product content).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse
from connectors.http import UpstreamClient
from connectors.keyed import in_key_order
from connectors.models import ContentBlock, Page
from connectors.strapi import normalise, query
from connectors.strapi.settings import StrapiSettings

T = TypeVar("T")
Raw = dict[str, Any]
# What normalising an entry of the wrong shape raises.
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError)


class StrapiConnector:
    def __init__(self, settings: StrapiSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        self._client = UpstreamClient(
            env.instance, env.session, settings.base_url, settings.timeout_s
        )
        self._headers = {"Authorization": f"Bearer {settings.api_token}"}

    # --- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        """Both collections answer to the token: a wrong token raises UpstreamAuthError, a
        wrong collection name UpstreamBadResponse."""
        s = self.settings
        await asyncio.gather(
            self._page(s.page_collection, query.probe_params(s.handle_field)),
            self._page(s.product_content_collection, query.probe_params(s.product_id_field)),
        )

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway

    # --- content ----------------------------------------------------------------------

    async def pages(self, handles: Sequence[str], ctx: CommerceContext) -> Sequence[Page | None]:
        s = self.settings
        found = await self._localised(
            s.page_collection, s.handle_field, handles, ctx, (s.handle_field, "title")
        )
        return self._parse(
            handles, found, lambda raw: normalise.page(raw, s.handle_field, s.media_prefix)
        )

    async def product_content(
        self, product_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[ContentBlock, ...]]:
        s = self.settings
        field = s.product_id_field
        found = await self._localised(
            s.product_content_collection, field, product_ids, ctx, (field,)
        )
        parsed = self._parse(product_ids, found, lambda raw: normalise.blocks(raw, s.media_prefix))
        return [blocks or () for blocks in parsed]

    # --- plumbing ---------------------------------------------------------------------

    def _parse(
        self, keys: Sequence[str], found: dict[str, Raw], parse: Callable[[Raw], T]
    ) -> list[T | None]:
        try:
            parsed = {key: parse(raw) for key, raw in found.items()}
        except UNREADABLE as exc:
            raise UpstreamBadResponse(self.name, f"unreadable entry: {exc!r}") from exc
        return in_key_order(keys, parsed)

    async def _localised(
        self,
        collection: str,
        key_field: str,
        keys: Sequence[str],
        ctx: CommerceContext,
        fields: Sequence[str],
    ) -> dict[str, Raw]:
        locale = self.settings.locale_for(ctx.language)
        found = await self._entries(collection, key_field, keys, locale, fields)
        default = self.settings.default_locale
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing and locale != default:
            fallback = await self._entries(collection, key_field, missing, default, fields)
            found.update(fallback)
        return found

    async def _entries(
        self,
        collection: str,
        key_field: str,
        keys: Sequence[str],
        locale: str,
        fields: Sequence[str],
    ) -> dict[str, Raw]:
        """Entries by key value; chunks of `page_size` keys are asked for concurrently."""
        unique = list(dict.fromkeys(keys))
        size = self.settings.page_size
        chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
        pages = await asyncio.gather(
            *(self._chunk(collection, key_field, chunk, locale, fields) for chunk in chunks)
        )
        found: dict[str, Raw] = {}
        for entries in pages:
            for raw in entries:
                key = raw.get(key_field)
                if not isinstance(key, str):
                    raise UpstreamBadResponse(self.name, f"/api/{collection}: no {key_field}")
                found.setdefault(key, raw)  # two entries with one key: the oldest wins
        return found

    async def _chunk(
        self,
        collection: str,
        key_field: str,
        keys: Sequence[str],
        locale: str,
        fields: Sequence[str],
    ) -> list[Raw]:
        size = self.settings.page_size

        def params(page: int) -> dict[str, str]:
            return query.find_params(key_field, keys, locale, fields, page, size)

        entries, page_count = await self._page(collection, params(1))
        # Only when keys are not unique upstream can more than one page come back.
        for more, _ in await asyncio.gather(
            *(self._page(collection, params(page)) for page in range(2, page_count + 1))
        ):
            entries.extend(more)
        return entries

    async def _page(self, collection: str, params: dict[str, str]) -> tuple[list[Raw], int]:
        path = f"/api/{collection}"
        response = await self._client.get_json(path, params, self._headers)
        body = response.body
        if response.status == 404:
            raise UpstreamBadResponse(self.name, f"{path}: 404, no such collection type")
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list) or not all(isinstance(raw, dict) for raw in data):
            raise UpstreamBadResponse(self.name, f"{path}: no list of entries")
        pagination = (body.get("meta") or {}).get("pagination") or {}
        page_count = pagination.get("pageCount", 1)
        if not isinstance(page_count, int):
            raise UpstreamBadResponse(self.name, f"{path}: unreadable pagination")
        return data, page_count


def create_strapi_connector(settings: StrapiSettings, env: ConnectorEnv) -> StrapiConnector:
    return StrapiConnector(settings, env)
