"""The `[gateway]` settings that protect a public deployment: the mode, operation and
edge limits (`[gateway.limits]`) and browser rules (`[gateway.cors]`). Each has a default
documented in the README's "Limits and protection" section."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from gateway.config_error import ConfigError, only_keys
from schema.policy import OperationLimits

# Origins a storefront dev server runs on: localhost and 127.0.0.1 on any port.
DEFAULT_CORS_MAX_AGE_S = 600
DEV_ORIGIN_REGEX = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?"


class Mode(enum.Enum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


@dataclass(frozen=True, slots=True)
class EdgeLimits:
    """What the HTTP server holds per client before the GraphQL layer sees a request."""

    # A request body (and a WebSocket message); beyond, 413 PAYLOAD_TOO_LARGE.
    max_body_bytes: int = 1 << 20
    # The request head (request line + headers); beyond, 431 REQUEST_HEADER_TOO_LARGE.
    max_header_bytes: int = 16 * 1024
    # A request's head and body must arrive within this of its first byte, else 408.
    read_timeout_s: float = 10.0
    # Answers a client does not take (its unsent bytes stay over the transport's high-water
    # mark, or a closing connection keeps some) are dropped after this, with the connection.
    write_timeout_s: float = 30.0
    # An idle kept-alive connection is closed after this.
    keep_alive_timeout_s: float = 5.0
    # A kept-alive connection is closed after answering this many requests (nginx's
    # `keepalive_requests`): its client reconnects, to whichever worker accepts first, so
    # long-lived connections do not stay piled on one worker while another idles.
    max_requests_per_connection: int = 100
    # On SIGTERM, running requests get this long; then 503 SHUTTING_DOWN.
    shutdown_timeout_s: float = 10.0
    # Connections or requests at once per worker; beyond, 503 OVERLOADED at once.
    max_concurrency: int = 512
    # Live subscriptions (WebSocket and SSE) per worker; beyond, TOO_MANY_SUBSCRIPTIONS.
    max_subscriptions: int = 10_000
    # Subscriptions one WebSocket may hold at once (an SSE stream carries one).
    max_subscriptions_per_connection: int = 50
    # An SSE stream sends a comment this often, so proxies keep an idle stream open.
    sse_heartbeat_s: float = 12.0
    # A webhook signed further than this from now (either way) is refused as a replay.
    webhook_tolerance_s: float = 300.0


@dataclass(frozen=True, slots=True)
class CorsSettings:
    """`allow_origins` empty: the mode's default (localhost origins in development, none in
    production). `*` admits every origin (never with credentials)."""

    allow_origins: tuple[str, ...] = ()
    max_age_s: int = DEFAULT_CORS_MAX_AGE_S

    def origin_regex(self, mode: Mode) -> str | None:
        if self.allow_origins or mode is Mode.PRODUCTION:
            return None
        return DEV_ORIGIN_REGEX

    def allows(self, origin: str, mode: Mode) -> bool:
        """The same rule Starlette's CORSMiddleware applies, for WebSocket upgrades."""
        if "*" in self.allow_origins or origin in self.allow_origins:
            return True
        regex = self.origin_regex(mode)
        return regex is not None and re.fullmatch(regex, origin) is not None


def parse_mode(value: Any, source: str, key: str = "gateway.mode") -> Mode:
    try:
        return Mode(str(value).lower())
    except ValueError as exc:
        raise ConfigError(source, key, f"one of {[m.value for m in Mode]}") from exc


def parse_limits(table: Mapping[str, Any], source: str) -> tuple[OperationLimits, EdgeLimits]:
    operation_keys = {f.name for f in fields(OperationLimits)}
    edge_keys = {f.name for f in fields(EdgeLimits)}
    only_keys(table, operation_keys | edge_keys, "gateway.limits.", source)
    for key, value in table.items():
        _positive_number(value, f"gateway.limits.{key}", source)
    operation = OperationLimits(**{k: v for k, v in table.items() if k in operation_keys})
    edge = EdgeLimits(**{k: _edge_value(k, v, source) for k, v in table.items() if k in edge_keys})
    return operation, edge


def _edge_value(key: str, value: Any, source: str) -> Any:
    """Sizes and counts are whole numbers (a socket reads whole bytes); timeouts may be
    fractions of a second."""
    whole = {f.name for f in fields(EdgeLimits) if f.type == "int"}
    if key in whole and not isinstance(value, int):
        raise _error(f"gateway.limits.{key}", "must be a whole number", source)
    return value


def parse_cors(table: Mapping[str, Any], source: str) -> CorsSettings:
    only_keys(table, {"allow_origins", "max_age_s"}, "gateway.cors.", source)
    origins = table.get("allow_origins", [])
    if not isinstance(origins, list) or not all(isinstance(o, str) for o in origins):
        raise _error("gateway.cors.allow_origins", "must be a list of origins", source)
    max_age = table.get("max_age_s", DEFAULT_CORS_MAX_AGE_S)
    _positive_number(max_age, "gateway.cors.max_age_s", source)
    return CorsSettings(tuple(origins_from_list(origins, source)), int(max_age))


def origins_from_list(origins: list[str], source: str) -> list[str]:
    """An origin is scheme://host[:port], no path: what a browser sends in `Origin`."""
    cleaned = [o.strip().rstrip("/") for o in origins if o.strip()]
    for origin in cleaned:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
            raise _error("gateway.cors.allow_origins", f"{origin!r} is not an origin", source)
    return cleaned


def _positive_number(value: Any, key: str, source: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _error(key, "must be a positive number", source)


def _error(key: str, message: str, source: str) -> ConfigError:
    return ConfigError(source, key, message)
