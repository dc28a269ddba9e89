"""What observability costs a request: the README listing, in-process on the embedded
sample (connector answers cached), CPU per query with metrics, the access log and tracing
(installed but not configured) as they run, against the same with them stubbed out,
alternating rounds and keeping the best of each (issue 12: under 5 % of the listing).

    python -m bench.overhead [--rounds 8] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp

import connectors.guarded as guarded
import connectors.http as upstream_http
from bench.inproc import poster
from connectors import observe
from connectors.base import ConnectorEnv
from connectors.sample import SPEC as SAMPLE
from gateway import graphql_http, metrics
from gateway.app import create_app
from gateway.config import embedded_default
from gateway.examples import LISTING

ACCESS_LOG = logging.getLogger("omnicanal.access")


@contextlib.contextmanager
def _no_span(*_: Any, **__: Any) -> Iterator[None]:
    yield None


class Switch:
    """Observability as it runs, or stubbed: the hooks the request path calls."""

    def __init__(self) -> None:
        self.real = (
            metrics.record_request,
            observe.observer(),
            guarded.connector_span,
            graphql_http.operation_span,
            graphql_http.describe_operation,
            upstream_http.with_trace_context,
        )

    def off(self) -> None:
        metrics.record_request = lambda *_, **__: None  # type: ignore[assignment]
        observe.install(observe.SilentObserver())
        ACCESS_LOG.setLevel(logging.WARNING)
        guarded.connector_span = _no_span  # type: ignore[assignment]
        graphql_http.operation_span = _no_span  # type: ignore[assignment]
        graphql_http.describe_operation = lambda *_: None  # type: ignore[assignment]
        upstream_http.with_trace_context = lambda headers: headers  # type: ignore[assignment]

    def on(self) -> None:
        (
            metrics.record_request,
            chosen,
            guarded.connector_span,
            graphql_http.operation_span,
            graphql_http.describe_operation,
            upstream_http.with_trace_context,
        ) = self.real
        observe.install(chosen)
        ACCESS_LOG.setLevel(logging.NOTSET)


async def measure(rounds: int, requests: int) -> dict[str, float]:
    data_dir = Path(tempfile.mkdtemp())
    async with aiohttp.ClientSession() as session:
        sample = SAMPLE.factory(SAMPLE.settings_type(), ConnectorEnv("sample", session, data_dir))
        await sample.start()
        await sample.aclose()
    app = create_app(embedded_default(data_dir))
    post = poster(app, LISTING)
    best = {"on": float("inf"), "off": float("inf")}
    async with app.router.lifespan_context(app):
        switch = Switch()
        for _ in range(30):  # warm the caches
            await post()
        for _ in range(rounds):
            for mode, turn in (("on", switch.on), ("off", switch.off)):
                turn()
                started = time.process_time()
                for _ in range(requests):
                    await post()
                best[mode] = min(best[mode], (time.process_time() - started) / requests * 1000)
        switch.on()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.overhead")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    best = asyncio.run(measure(args.rounds, args.requests))
    share = 100 * (best["on"] - best["off"]) / best["on"]
    print(f"listing CPU ms/query: observed {best['on']:.3f}, stubbed {best['off']:.3f}")
    print(f"metrics + access log + tracing (off): {share:.1f} % of the listing (target < 5 %)")


if __name__ == "__main__":
    main()
