"""CSRF prevention as Apollo Router does it (its `csrf` plugin, on by default).

A browser sends a "simple" request cross-origin without asking the server first (no CORS
preflight): GET or POST with no Content-Type or one of the three form types below, and no
header beyond the safelisted ones. CORS then only hides the response; the operation would
already have run. So an operation runs only if its request could not have been simple:
its Content-Type is some other (parseable) media type, or it carries one of the headers
below (any value), which a page can only add through a preflight.

Like the router, this applies to GET as to POST: a GET without `Content-Type:
application/json` (Apollo Client's default) needs `apollo-require-preflight`; else any
page could run queries in a visitor's browser (an `<img src>` is enough) and time them.
It runs before the body is read, so a refused request costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.responses import Response

from gateway.graphql_http import error_response

PREFLIGHT_HEADERS = ("x-apollo-operation-name", "apollo-require-preflight")
# https://fetch.spec.whatwg.org/#cors-safelisted-request-header
SIMPLE_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
_TOKEN = r"[!#$%&'*+.^_`|~0-9a-z-]+"
_ESSENCE = re.compile(rf"{_TOKEN}/{_TOKEN}")
CODE = "CSRF_PREVENTED"
MESSAGE = (
    "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). "
    "Send a Content-Type such as application/json (not "
    + ", ".join(sorted(SIMPLE_CONTENT_TYPES))
    + ") or one of the headers "
    + ", ".join(PREFLIGHT_HEADERS)
    + "."
)


def csrf_refusal(headers: Headers) -> Response | None:
    """The 400 answer for a request a browser could have sent without a preflight."""
    if _content_type_forces_preflight(headers) or _has_preflight_header(headers):
        return None
    return error_response(CODE, MESSAGE, 400)


def csrf_refusal_for_get(headers: Headers, params: Mapping[str, str]) -> Response | None:
    """As `csrf_refusal`, except for a GET that names a trusted document by `documentId`.

    Apollo's reasoning for refusing simple requests is twofold: a page must not cause side
    effects through a visitor's browser, nor time a read made with the visitor's
    credentials. Neither applies here. A GET never runs a mutation (405 before anything
    runs), and `documentId` only names documents the operator pushed, vetted for cost at
    push (an unknown id runs nothing): the page cannot choose the text, so it can neither
    write nor probe with crafted queries. And this gateway has no ambient credentials: the
    customer token (`Authorization`) and the key (`X-Omnicanal-Key`) are headers a page can
    only add through a preflight, so a simple GET is always anonymous and its timing tells
    a page no more than fetching the URL itself would. So a CDN or a `<link rel=prefetch>`
    may request the URL as a plain GET. APQ hashes are not exempt: anyone can register the
    text behind one, and free text is the attacker's own."""
    if "documentId" in params and "query" not in params:
        return None
    return csrf_refusal(headers)


def _content_type_forces_preflight(headers: Headers) -> bool:
    # Several Content-Type headers are combined as the Fetch spec does ("a, b"), which no
    # media type parses to: refused, as the router does with what it cannot parse.
    values = headers.getlist("content-type")
    if not values:
        return False
    combined = ", ".join(v.strip().replace("\t", " ") for v in values)
    essence = combined.split(";", 1)[0].strip().lower()
    return _ESSENCE.fullmatch(essence) is not None and essence not in SIMPLE_CONTENT_TYPES


def _has_preflight_header(headers: Headers) -> bool:
    return any(name in headers for name in PREFLIGHT_HEADERS)
