"""HAL collection pages: `_links` (self, first, previous, next), `current_page`,
`items_count` when asked, and the items under `_embedded.items`, each with its own
`_links.self`. Offset pages by `page`; search-after pages by an opaque cursor."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from tests.emulators.akeneo.errors import unprocessable
from tests.emulators.akeneo.params import Paging

Raw = dict[str, Any]


def _href(request: web.Request, **changes: str | None) -> dict[str, str]:
    query = {**request.query, **changes}
    url = request.url.with_query({k: v for k, v in query.items() if v is not None})
    return {"href": str(url)}


def cursor(key: str) -> str:
    # Opaque on purpose: clients must follow `_links.next`, never build a cursor.
    return base64.urlsafe_b64encode(key.lower().encode()).decode().rstrip("=")


def _after(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise unprocessable(f'"{token}" is not a valid search_after value.') from None


def page(
    request: web.Request,
    items: Sequence[Raw],
    paging: Paging,
    key: Callable[[Raw], str],
    self_link: Callable[[Raw], str],
) -> Raw:
    """One page of `items`, which are filtered and in the endpoint's order already."""
    links: Raw = {"self": _href(request)}
    body: Raw = {"_links": links}
    if paging.search_after:
        start = 0
        if paging.after is not None:
            after = _after(paging.after)
            start = sum(1 for item in items if key(item).lower() <= after)
        chunk = list(items[start : start + paging.limit])
        links["first"] = _href(request, search_after=None)
        # As Akeneo's SearchAfterHalPaginator: a full page links to a next one, even if empty.
        if len(chunk) == paging.limit:
            links["next"] = _href(request, search_after=cursor(key(chunk[-1])))
    else:
        start = (paging.page - 1) * paging.limit
        chunk = list(items[start : start + paging.limit])
        links["first"] = _href(request, page="1")
        if paging.page > 1:
            links["previous"] = _href(request, page=str(paging.page - 1))
        if start + paging.limit < len(items):
            links["next"] = _href(request, page=str(paging.page + 1))
        body["current_page"] = paging.page
    if paging.with_count and not paging.search_after:
        body["items_count"] = len(items)
    body["_embedded"] = {"items": [_with_self(item, self_link(item)) for item in chunk]}
    return body


def _with_self(item: Raw, href: str) -> Raw:
    return {"_links": {"self": {"href": href}}, **item}
