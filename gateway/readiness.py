"""Readiness from checks that run in the background: every `interval_s`, each connector's
`check()` runs under its own `timeout_s`; `/readyz` only reads the last results, so it
answers at once whatever the upstreams do (an orchestrator gives up after a second or so).

Unready while any connector failed its last check or has its circuit open; the report
names each connector with its last result, that result's age and its breaker's state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connectors.base import Connector
from connectors.breaker import CircuitBreaker, State
from connectors.deadline import deadline_scope
from connectors.errors import ConnectorError
from gateway.config_resilience import ReadinessSettings

log = logging.getLogger("omnicanal.readiness")
TIMED_OUT = "UPSTREAM_TIMEOUT"


@dataclass(frozen=True, slots=True)
class CheckResult:
    problem: str | None  # None: the check passed; else a code (UPSTREAM_TIMEOUT, …)
    at: float
    took_s: float


class Readiness:
    def __init__(
        self,
        connectors: Mapping[str, Connector],
        settings: ReadinessSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connectors = connectors
        self._settings = settings or ReadinessSettings()
        self._clock = clock
        self._results: dict[str, CheckResult] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """One round before the app takes traffic (bounded by the check timeout), then the
        background loop."""
        await self.check_all()
        self._task = asyncio.create_task(self._loop(), name="omnicanal-readiness")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def check_all(self) -> None:
        names = list(self._connectors)
        results = await asyncio.gather(*(self._check(self._connectors[n]) for n in names))
        for name, result in zip(names, results, strict=True):
            previous = self._results.get(name)
            if previous is None or previous.problem != result.problem:
                log.info("readiness of %s: %s", name, result.problem or "ok")
            self._results[name] = result

    def report(self) -> tuple[bool, dict[str, Any]]:
        now = self._clock()
        connectors: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, connector in self._connectors.items():
            result = self._results.get(name)
            breaker = _breaker_of(connector)
            state = breaker.state if breaker is not None else State.CLOSED
            problem = "CHECK_PENDING" if result is None else result.problem
            if problem is None and state is State.OPEN:
                problem = "CIRCUIT_OPEN"
            if problem is not None:
                problems[name] = problem
            connectors[name] = {
                "ok": problem is None,
                "lastCheck": None if result is None else (result.problem or "ok"),
                "ageSeconds": None if result is None else round(now - result.at, 3),
                "tookMs": None if result is None else round(result.took_s * 1000, 1),
                "breaker": state.value,
            }
        ready = not problems
        body = {"status": "ready" if ready else "unready", "problems": problems}
        return ready, {**body, "connectors": connectors}

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._settings.interval_s)
            await self.check_all()

    async def _check(self, connector: Connector) -> CheckResult:
        started = self._clock()
        problem: str | None = None
        try:
            # The deadline keeps the connector's own retries within the check's timeout.
            with deadline_scope(self._settings.timeout_s):
                async with asyncio.timeout(self._settings.timeout_s):
                    await connector.check()
        except TimeoutError:
            problem = TIMED_OUT
        except ConnectorError as exc:
            problem = exc.code
        except Exception:  # readiness reports every failure, whatever its kind
            log.exception("readiness check of %s failed", connector.name)
            problem = "CHECK_FAILED"
        return CheckResult(problem, self._clock(), self._clock() - started)


def _breaker_of(connector: Connector) -> CircuitBreaker | None:
    breaker = getattr(connector, "breaker", None)
    return breaker if isinstance(breaker, CircuitBreaker) else None
