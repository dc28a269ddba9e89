"""The resilience wrapper the gateway puts around every connector, below the shared cache
(a cache hit needs no upstream, whatever the breaker says): each call passes the
instance's circuit breaker, and each read is cut at the request deadline with an
UPSTREAM_TIMEOUT naming the connector, so a back end that hangs costs its fields, not the
response. It sits here rather than in the HTTP client so that every connector gets it,
the SQLite sample and third-party packages included, and so that one SPI call is one
outcome for the breaker however many HTTP requests it made."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Coroutine, Sequence
from typing import Any

from connectors import explain
from connectors.breaker import CircuitBreaker
from connectors.cached import WRITE_METHOD_DOMAINS
from connectors.deadline import MIN_ATTEMPT_S, no_deadline, remaining
from connectors.errors import ConnectorError, UpstreamTimeout
from connectors.observe import count_call, observer
from connectors.tracing import connector_span, failed

# Lifecycle calls are the gateway's own business (readiness probes the upstream itself).
UNGUARDED = frozenset({"start", "check", "aclose"})


class GuardedConnector:
    def __init__(self, inner: Any, breaker: CircuitBreaker) -> None:
        self._inner = inner
        self.breaker = breaker
        self.name: str = inner.name
        # Each guarded method with the target it wraps, made once rather than at every SPI
        # call; made again if the inner's attribute has changed since.
        self._guarded: dict[str, tuple[Any, Any]] = {}
        observer().breaker_state(self.name, breaker.state.value)

    def __getattr__(self, attribute: str) -> Any:
        target = getattr(self._inner, attribute)
        known = self._guarded.get(attribute)
        if known is not None and known[0] == target:
            return known[1]
        if attribute in UNGUARDED or not inspect.iscoroutinefunction(target):
            return target
        if attribute in WRITE_METHOD_DOMAINS:
            guarded = self._write(attribute, target)
        else:
            guarded = self._read(attribute, target)
        self._guarded[attribute] = (target, guarded)
        return guarded

    def _read(self, method: str, target: Any) -> Any:
        async def read(*args: Any, **kwargs: Any) -> Any:
            left = remaining()
            if left is not None and left < MIN_ATTEMPT_S:
                # Not the upstream's fault (the time went elsewhere): the breaker is not told.
                raise UpstreamTimeout(self.name, f"{method}: the request deadline is spent")
            return await self._observed(
                method, args, self._within(left, method, target, args, kwargs)
            )

        return read

    async def _within(
        self, left: float | None, method: str, target: Any, args: Any, kwargs: Any
    ) -> Any:
        """The breaker's admission, the call cut at the deadline, the breaker told: in one
        coroutine rather than three (every await of a call's upstream passes each layer)."""
        probe = self.breaker.admit()
        try:
            async with asyncio.timeout(left):
                result = await target(*args, **kwargs)
        except TimeoutError as exc:
            timed_out = UpstreamTimeout(self.name, f"{method}: the request deadline passed")
            self.breaker.settle(probe, timed_out)
            raise timed_out from exc
        except BaseException as exc:
            self.breaker.settle(probe, exc)
            raise
        self.breaker.settle(probe, None)
        return result

    def _write(self, method: str, target: Any) -> Any:
        async def write(*args: Any, **kwargs: Any) -> Any:
            with no_deadline():
                call = self.breaker.call(lambda: target(*args, **kwargs))
                return await self._observed(method, args, call)

        return write

    async def _observed(self, method: str, args: Any, run: Coroutine[Any, Any, Any]) -> Any:
        """One SPI call as the observer sees it: its batch, duration and error code, and
        the breaker's state once it is over."""
        count_call()
        started, error = time.perf_counter(), None
        try:
            with connector_span(self.name, method, _batch(args)) as span:
                try:
                    return await run
                except ConnectorError as exc:
                    error = exc.code
                    raise
                except Exception as exc:
                    error = type(exc).__name__  # a user's mistake or a domain refusal: bounded
                    raise
                finally:
                    if error is not None:
                        failed(span, error)
        finally:
            run.close()  # a no-op once awaited; spares a never-awaited warning otherwise
            seen, seconds, batch = observer(), time.perf_counter() - started, _batch(args)
            seen.connector_call(self.name, method, batch, seconds, error)
            explained = explain.current()
            if explained is not None:
                explained.call(self.name, method, batch, seconds, error)
            seen.breaker_state(self.name, self.breaker.state.value)


def _batch(args: Any) -> int:
    """The number of keys of a batch call (its first argument), 1 for any other call."""
    first = args[0] if args else None
    if isinstance(first, Sequence) and not isinstance(first, str | bytes):
        return len(first)
    return 1
