"""Readiness from background checks: the report never waits on an upstream, names each
failing connector with a code, and counts an open breaker as unready."""

from __future__ import annotations

import asyncio
import contextlib

from connectors.breaker import BreakerSettings, CircuitBreaker
from connectors.errors import UpstreamUnavailable
from connectors.guarded import GuardedConnector
from gateway.config_resilience import ReadinessSettings
from gateway.readiness import Readiness
from tests.support.fake_clock import FakeClock


class Probe:
    def __init__(self, name: str, behaviour: str = "ok") -> None:
        self.name = name
        self.behaviour = behaviour
        self.checks = 0

    async def check(self) -> None:
        self.checks += 1
        if self.behaviour == "hang":
            await asyncio.sleep(30)
        if self.behaviour == "fail":
            raise UpstreamUnavailable(self.name, "503")

    async def products(self, keys: list[str], ctx: object) -> list[str]:
        raise UpstreamUnavailable(self.name, "503")

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...


async def test_the_report_names_the_failing_and_the_hung_connector() -> None:
    clock = FakeClock()
    connectors = {"pim": Probe("pim"), "cms": Probe("cms", "hang"), "erp": Probe("erp", "fail")}
    readiness = Readiness(connectors, ReadinessSettings(timeout_s=0.05), clock)  # type: ignore[arg-type]
    await readiness.check_all()
    clock.advance(2)
    ready, report = readiness.report()
    assert not ready
    assert report["problems"] == {"cms": "UPSTREAM_TIMEOUT", "erp": "UPSTREAM_UNAVAILABLE"}
    assert report["connectors"]["pim"] == {
        "ok": True,
        "lastCheck": "ok",
        "ageSeconds": 2.0,
        "tookMs": 0.0,
        "breaker": "closed",
    }


async def test_the_report_reads_results_and_calls_no_upstream() -> None:
    probe = Probe("pim")
    readiness = Readiness({"pim": probe})  # type: ignore[dict-item]
    ready, report = readiness.report()
    assert (ready, report["problems"]) == (False, {"pim": "CHECK_PENDING"})
    await readiness.check_all()
    for _ in range(10):
        assert readiness.report()[0]
    assert probe.checks == 1


async def test_an_open_breaker_makes_the_gateway_unready() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker("pim", BreakerSettings(consecutive_failures=1), clock)
    connector = GuardedConnector(Probe("pim"), breaker)
    readiness = Readiness({"pim": connector}, clock=clock)  # type: ignore[dict-item]
    await readiness.check_all()
    assert readiness.report()[0]
    with contextlib.suppress(UpstreamUnavailable):
        await connector.products(["a"], None)
    ready, report = readiness.report()
    assert not ready
    assert report["problems"] == {"pim": "CIRCUIT_OPEN"}
    assert report["connectors"]["pim"]["breaker"] == "open"


async def test_the_background_loop_keeps_checking_until_closed() -> None:
    probe = Probe("pim")
    readiness = Readiness({"pim": probe}, ReadinessSettings(interval_s=0.01))  # type: ignore[dict-item]
    await readiness.start()
    for _ in range(200):  # bounded: a few rounds take a few tens of ms
        if probe.checks >= 3:
            break
        await asyncio.sleep(0.01)
    await readiness.aclose()
    seen = probe.checks
    await asyncio.sleep(0.05)
    assert seen >= 3
    assert probe.checks == seen, "closed: no more checks"
