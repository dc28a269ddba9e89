"""The circuit breaker and the guard every connector is wrapped in: opens after N
consecutive failures or a failure rate, fails fast without reaching the upstream,
probes once after the cool-down, and counts only the failures of a sick upstream."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

import pytest

from connectors.breaker import BreakerSettings, CircuitBreaker, State
from connectors.deadline import deadline_scope, remaining
from connectors.errors import (
    CircuitOpen,
    ConnectorError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from connectors.guarded import GuardedConnector
from tests.support.fake_clock import FakeClock

SETTINGS = BreakerSettings(
    consecutive_failures=3, failure_rate=0.5, min_calls=10, window_s=10, cooldown_s=5
)


class Upstream:
    """A connector whose next answers a test scripts; it counts the calls that reach it."""

    name = "pim"

    def __init__(self) -> None:
        self.calls = 0
        self.failure: Exception | None = None
        self.hang = False
        self.seen_deadline: list[float | None] = []

    async def products(self, keys: Sequence[str], ctx: object) -> list[str]:
        self.calls += 1
        self.seen_deadline.append(remaining())
        if self.hang:
            await asyncio.Event().wait()
        if self.failure is not None:
            raise self.failure
        return list(keys)

    async def place_order(self, request: str, ctx: object) -> str:
        self.seen_deadline.append(remaining())
        return request

    async def check(self) -> None:
        self.calls += 1


def guarded(clock: FakeClock) -> tuple[GuardedConnector, Upstream]:
    upstream = Upstream()
    return GuardedConnector(upstream, CircuitBreaker("pim", SETTINGS, clock)), upstream


async def fail(connector: GuardedConnector, times: int) -> None:
    for _ in range(times):
        with pytest.raises(ConnectorError):
            await connector.products(["a"], None)


async def test_opens_after_consecutive_failures_and_fails_fast_without_calling() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamUnavailable("pim", "503")
    await fail(connector, 3)
    assert connector.breaker.state is State.OPEN
    assert upstream.calls == 3
    started = time.perf_counter()
    for _ in range(100):
        with pytest.raises(CircuitOpen) as raised:
            await connector.products(["a"], None)
    per_call = (time.perf_counter() - started) / 100
    assert upstream.calls == 3, "zero upstream calls while open"
    assert per_call < 0.001
    assert (raised.value.code, raised.value.connector) == ("CIRCUIT_OPEN", "pim")


async def test_opens_on_the_failure_rate_over_the_window() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    for n in range(10):  # alternate: never 3 in a row, but half of 10 calls fail
        upstream.failure = UpstreamTimeout("pim") if n % 2 else None
        with contextlib.suppress(UpstreamTimeout):
            await connector.products(["a"], None)
    assert connector.breaker.state is State.OPEN


async def test_half_open_lets_one_probe_through_and_its_success_closes() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamBadResponse("pim", "junk")
    await fail(connector, 3)
    clock.advance(5)
    assert connector.breaker.state is State.HALF_OPEN
    upstream.failure, upstream.hang = None, True
    probe = asyncio.create_task(connector.products(["a"], None))
    await asyncio.sleep(0)
    with pytest.raises(CircuitOpen):
        await connector.products(["b"], None)  # one probe at a time
    assert upstream.calls == 4
    upstream.hang = False
    probe.cancel()  # a cancelled probe says nothing: the next call probes
    with pytest.raises(asyncio.CancelledError):
        await probe
    assert await connector.products(["c"], None) == ["c"]
    assert connector.breaker.state is State.CLOSED
    assert await connector.products(["d"], None) == ["d"]


async def test_a_failed_probe_reopens_for_another_cool_down() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamUnavailable("pim")
    await fail(connector, 3)
    clock.advance(5)
    await fail(connector, 1)
    assert connector.breaker.state is State.OPEN
    clock.advance(4)
    with pytest.raises(CircuitOpen):
        await connector.products(["a"], None)
    assert upstream.calls == 4


async def test_user_errors_and_misconfiguration_do_not_count() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamAuthError("pim", "403")
    await fail(connector, 10)
    upstream.failure = ValueError("a bad key")
    for _ in range(10):
        with pytest.raises(ValueError, match="a bad key"):
            await connector.products(["a"], None)
    assert connector.breaker.state is State.CLOSED


async def test_state_changes_are_logged_once_each(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamUnavailable("pim")
    with caplog.at_level(logging.WARNING, logger="omnicanal.breaker"):
        await fail(connector, 6)
        clock.advance(5)
        upstream.failure = None
        await connector.products(["a"], None)
    assert [r.getMessage() for r in caplog.records] == [
        "circuit of pim open: 3 consecutive failures",
        "circuit of pim half_open: cool-down over, probing",
        "circuit of pim closed: the probe succeeded",
    ]


async def test_a_hanging_read_is_cut_at_the_deadline_naming_the_connector() -> None:
    connector, upstream = guarded(FakeClock())
    upstream.hang = True
    with deadline_scope(0.05), pytest.raises(UpstreamTimeout) as raised:
        await connector.products(["a"], None)
    assert raised.value.connector == "pim"
    assert raised.value.code == "UPSTREAM_TIMEOUT"


async def test_a_spent_deadline_reaches_no_upstream_and_blames_none() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    with deadline_scope(1.0, clock):
        clock.advance(1.0)
        for _ in range(5):
            with pytest.raises(UpstreamTimeout):
                await connector.products(["a"], None)
    assert upstream.calls == 0
    assert connector.breaker.state is State.CLOSED


async def test_writes_pass_the_breaker_but_are_not_cut_by_the_deadline() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    with deadline_scope(1.0, clock):
        assert await connector.place_order("order", None) == "order"
    assert upstream.seen_deadline == [None]
    upstream.failure = UpstreamUnavailable("pim")
    await fail(connector, 3)
    with pytest.raises(CircuitOpen):
        await connector.place_order("order", None)


async def test_lifecycle_calls_pass_unguarded() -> None:
    clock = FakeClock()
    connector, upstream = guarded(clock)
    upstream.failure = UpstreamUnavailable("pim")
    await fail(connector, 3)
    await connector.check()  # readiness probes the upstream itself, even while open
    assert upstream.calls == 4
