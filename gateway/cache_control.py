"""`Cache-Control` for GraphQL over GET, so that a CDN or a browser can keep a listing.

A response is public only when nothing in it depends on who asks: no customer token (the
customer's prices, orders, cart), no secret partner key (a partner's traffic must reach
the gateway to be metered and budgeted), and no error (an upstream failure must not be
kept for minutes). Its max-age is the smallest cache TTL the connectors' manifests give
the domains the operation reads, which is how stale the gateway itself would serve that
data; an operation reading customer data (orders, loyalty, carts: TTL 0) is never public.
Everything else is `private, no-store`. The commerce context also comes from headers, so
those are named in `Vary`."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from graphql import GraphQLSchema, GraphQLSyntaxError, OperationDefinitionNode, parse

from schema.analysis.lru import Lru
from schema.authorization import ScopeAnalyser

NOT_CACHEABLE = "private, no-store"
# What keeps a GET's "not found" answer out of every cache (Apollo Server's header).
REVALIDATE = "private, no-cache, must-revalidate"
SECRET_KEY_PREFIX = "ocsk_"
KEY_HEADER = "x-omnicanal-key"
# Every request header the response depends on besides the URL (gateway/headers.py reads
# the X-Omnicanal-* context headers and Accept-Language; a publishable key fixes the
# channel; Accept chooses the media type).
VARY = (
    "Accept, Accept-Language, X-Omnicanal-Key, X-Omnicanal-Channel, X-Omnicanal-Country,"
    " X-Omnicanal-Currency, X-Omnicanal-Language, X-Omnicanal-Store"
)
# A scope's domain: only these are shopper-independent reads. Customers, carts, checkout,
# orders and reservations are the customer's own.
PUBLIC_DOMAINS = frozenset({"catalog", "pricing", "inventory", "content", "loyalty"})
CACHED_OPERATIONS = 512


class CachePolicy:
    def __init__(self, schema: GraphQLSchema, domain_ttls: Mapping[str, float]) -> None:
        self._schema = schema
        self._ttls = dict(domain_ttls)
        self._scopes = ScopeAnalyser(CACHED_OPERATIONS)
        self._ages: Lru[tuple[str, str | None], int] = Lru(CACHED_OPERATIONS)

    def headers(
        self,
        request_headers: Mapping[str, str],
        text: str,
        operation_name: str | None,
        status: int,
        body: bytes,
    ) -> dict[str, str]:
        """The caching headers of a GET response."""
        if status != 200 or not _anonymous_or_publishable(request_headers) or _has_errors(body):
            return {"Cache-Control": NOT_CACHEABLE}
        age = self.max_age(text, operation_name)
        if age <= 0:
            return {"Cache-Control": NOT_CACHEABLE}
        return {"Cache-Control": f"public, max-age={age}", "Vary": VARY}

    def max_age(self, text: str, operation_name: str | None) -> int:
        """Seconds the operation's data may be kept; 0: not at all."""
        key = (text, operation_name)
        cached = self._ages.get(key)
        if cached is None:
            cached = self._compute(text, operation_name)
            self._ages.put(key, cached)
        return cached

    def _compute(self, text: str, operation_name: str | None) -> int:
        try:
            document = parse(text)
        except GraphQLSyntaxError:
            return 0
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [o for o in operations if operation_name is None or _named(o, operation_name)]
        if len(chosen) != 1 or chosen[0].operation.value != "query":
            return 0
        scopes = self._scopes.required(self._schema, text, document, chosen[0])
        domains = {scope.split(":", 1)[0] for scope in scopes}
        if not domains or not domains <= PUBLIC_DOMAINS:
            return 0  # customer data, or nothing that says how long it keeps
        return int(min(self._ttls.get(d, 0.0) for d in domains))


def _named(operation: OperationDefinitionNode, name: str) -> bool:
    return operation.name is not None and operation.name.value == name


def _anonymous_or_publishable(headers: Mapping[str, str]) -> bool:
    if headers.get("authorization"):
        return False
    key = headers.get(KEY_HEADER)
    return key is None or not key.strip().startswith(SECRET_KEY_PREFIX)


def _has_errors(body: bytes) -> bool:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return True
    return not isinstance(payload, dict) or bool(payload.get("errors"))
