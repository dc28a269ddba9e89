"""Which web pages may call the gateway: CORS for HTTP (Starlette's middleware, configured
from `[gateway.cors]`) and the same origin list for WebSocket upgrades, which browsers
send cross-origin without any preflight."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.websockets import WebSocket

from gateway.config import GatewayConfig
from gateway.csrf import PREFLIGHT_HEADERS
from gateway.graphql_http import error_response
from gateway.headers import PREFIX

# What a storefront sends besides the CORS-safelisted headers: the commerce context
# (gateway/headers.py), an API key, a customer token, and Apollo's preflight headers.
OMNICANAL_HEADERS = ("channel", "country", "language", "currency", "store", "key", "explain")
ALLOWED_HEADERS = (
    "content-type",
    "accept-language",
    "authorization",
    "x-request-id",
    *(PREFIX + name for name in OMNICANAL_HEADERS),
    *PREFLIGHT_HEADERS,
)
ALLOWED_METHODS = ("GET", "POST")
# Response headers a storefront's script may read cross-origin: the id to quote in a
# support ticket, and when a throttled or overloaded request may be retried.
EXPOSED_HEADERS = ("x-request-id", "retry-after")
FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN"
# Close code for a refused upgrade where the server cannot answer it with an HTTP status.
CLOSE_FORBIDDEN = 4403


def cors_middleware(config: GatewayConfig) -> Middleware:
    """No credentials: customers sign in with a bearer token, never a cookie, so a page on
    an allowed origin gains nothing from the browser's cookie jar (and `*` stays legal)."""
    cors = config.cors
    return Middleware(
        CORSMiddleware,
        allow_origins=cors.allow_origins,
        allow_origin_regex=cors.origin_regex(config.mode),
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=cors.max_age_s,
    )


def websocket_origin_allowed(headers: Mapping[str, str], config: GatewayConfig) -> bool:
    """A browser always sends `Origin` on an upgrade; a client that sends none is not a
    browser and cannot be used against a visitor. The gateway's own origin (GraphiQL served
    here) is allowed like any listed one: a page elsewhere cannot make the browser send a
    `Host` of ours together with an `Origin` of ours."""
    origin = headers.get("origin")
    if origin is None:
        return True
    return _same_origin(origin, headers.get("host")) or config.cors.allows(origin, config.mode)


def _same_origin(origin: str, host: str | None) -> bool:
    if not host:
        return False
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


async def refuse_websocket(websocket: WebSocket) -> None:
    """Before `accept`: a 403 with a coded body where the server can send one (uvicorn
    can), else a close, which servers turn into a 403 as well."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        message = "this origin may not open a WebSocket here (see [gateway.cors])"
        await websocket.send_denial_response(error_response(FORBIDDEN_ORIGIN, message, 403))
    else:
        await websocket.close(code=CLOSE_FORBIDDEN)
