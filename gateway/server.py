"""How uvicorn runs the gateway, in one place: `omnicanal serve` and the tests' in-process
server both take these options, so tests exercise the limits production has."""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

from gateway.config import GatewayConfig
from gateway.http_protocol import GatewayHTTPProtocol


def uvicorn_options(config: GatewayConfig) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run` or `uvicorn.Config`, from `[gateway.limits]`."""
    edge = config.edge
    return {
        "loop": event_loop(),
        # A partial rather than a subclass made here: `--workers` pickles the options.
        "http": functools.partial(GatewayHTTPProtocol, read_timeout_s=edge.read_timeout_s),
        "h11_max_incomplete_event_size": edge.max_header_bytes,
        "ws_max_size": edge.max_body_bytes,  # one WebSocket message: the same cap as a body
        "timeout_keep_alive": edge.keep_alive_timeout_s,
        "timeout_graceful_shutdown": edge.shutdown_timeout_s,
        "limit_concurrency": edge.max_concurrency,
        "lifespan": "on",
        "access_log": False,
        "server_header": False,  # no product banner for scanners
    }


def event_loop() -> str:
    """uvloop where it is installed (not on Windows): said here rather than left to
    uvicorn's "auto", so a missing uvloop is a visible choice, not a silent slowdown."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
