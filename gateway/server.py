"""How uvicorn runs the gateway, in one place: `omnicanal serve` and the tests' in-process
server both take these options, so tests exercise the limits production has."""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from gateway.config import GatewayConfig
from gateway.config_sections import EdgeLimits
from gateway.http_protocol import GatewayHTTPProtocol


def uvicorn_options(config: GatewayConfig) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run` or `uvicorn.Config`, from `[gateway.limits]`."""
    edge = config.edge
    return {
        "loop": event_loop(),
        "http": http_protocol(edge),
        "h11_max_incomplete_event_size": edge.max_header_bytes,  # for the h11 fallback
        "ws_max_size": edge.max_body_bytes,  # one WebSocket message: the same cap as a body
        "timeout_keep_alive": edge.keep_alive_timeout_s,
        "timeout_graceful_shutdown": edge.shutdown_timeout_s,
        "limit_concurrency": edge.max_concurrency,
        "lifespan": "on",
        "access_log": False,
        "server_header": False,  # no product banner for scanners
    }


def http_protocol(edge: EdgeLimits) -> functools.partial[Any]:
    """The httptools protocol where httptools is installed, else the h11 one: said here
    rather than left to uvicorn's "auto", as `event_loop` does. httptools costs 0.30 ms of
    CPU a `{ __typename }` where h11 costs 0.42 (`gateway.http_protocol_httptools`).

    A partial rather than a subclass made here: `--workers` pickles the options."""
    guards: dict[str, Any] = {
        "read_timeout_s": edge.read_timeout_s,
        "write_timeout_s": edge.write_timeout_s,
        "max_requests_per_connection": edge.max_requests_per_connection,
    }
    if importlib.util.find_spec("httptools") is None:
        return functools.partial(GatewayHTTPProtocol, **guards)
    from gateway.http_protocol_httptools import GatewayHttpToolsProtocol

    return functools.partial(
        GatewayHttpToolsProtocol, max_header_bytes=edge.max_header_bytes, **guards
    )


def event_loop() -> str:
    """uvloop where it is installed (not on Windows): said here rather than left to
    uvicorn's "auto", so a missing uvloop is a visible choice, not a silent slowdown."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
