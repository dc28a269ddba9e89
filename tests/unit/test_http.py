"""UpstreamClient against a scripted server: status mapping, expected statuses, form
bodies, which failures are retried for idempotent and non-idempotent requests, and how the
request deadline, the backoff, Retry-After and the retry budget bound the retries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import msgspec
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from connectors.deadline import deadline_scope
from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamTokenRefused,
    UpstreamUnavailable,
)
from connectors.http import RetryPolicy, UpstreamClient
from connectors.retry_budget import RetryBudget, RetryBudgetSettings
from tests.support.fake_clock import FakeClock

NOW = {"Retry-After": "0"}


class Script:
    """Answers queued per path (status, body, headers); the last one repeats."""

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[int, bytes, dict[str, str]]]] = {}
        self.calls: list[tuple[str, str, str, bytes]] = []

    def on(
        self, path: str, *answers: tuple[int, bytes] | tuple[int, bytes, dict[str, str]]
    ) -> None:
        self.answers[path] = [(a[0], a[1], a[2] if len(a) > 2 else {}) for a in answers]

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.calls.append((request.method, request.path, request.content_type, body))
        if request.path == "/hang":
            await asyncio.sleep(30)  # cut by the client's timeout long before
        queue = self.answers[request.path]
        status, text, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return web.Response(status=status, body=text, headers=headers)

    def count(self, path: str) -> int:
        return sum(1 for call in self.calls if call[1] == path)


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
async def base_url(script: Script) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", script.handle)
    server = TestServer(app)
    await server.start_server()
    yield str(server.make_url("/"))
    await server.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def client(base_url: str, session: aiohttp.ClientSession) -> UpstreamClient:
    retry = RetryPolicy(attempts=3, backoff_s=0)
    return UpstreamClient("up", session, base_url, 2.0, retry, budget=RetryBudget())


def clocked(
    base_url: str,
    session: aiohttp.ClientSession,
    clock: FakeClock,
    budget: RetryBudget | None = None,
    attempts: int = 3,
) -> UpstreamClient:
    """A client whose backoff moves a fake clock (the deadline's too) instead of waiting."""
    retry = RetryPolicy(attempts=attempts, backoff_s=0.1, max_backoff_s=0.3)
    budget = budget or RetryBudget(clock=clock)
    return UpstreamClient(
        "up", session, base_url, 2.0, retry, budget, sleep=clock.sleep, jitter=lambda: 1.0
    )


async def test_status_mapping(client: UpstreamClient, script: Script) -> None:
    script.on("/ok", (200, b'{"a": 1}'))
    script.on("/missing", (404, b"<html>"))
    script.on("/token", (401, b"{}"))
    script.on("/forbidden", (403, b"{}"))
    script.on("/bad", (400, b"{}"))
    script.on("/garbled", (200, b"{not json"))
    assert (await client.get_json("/ok")).body == {"a": 1}
    assert (await client.get_json("/missing")).body is None
    with pytest.raises(UpstreamTokenRefused):
        await client.get_json("/token")
    with pytest.raises(UpstreamAuthError) as raised:
        await client.get_json("/forbidden")
    assert not isinstance(raised.value, UpstreamTokenRefused)
    with pytest.raises(UpstreamBadResponse):
        await client.get_json("/bad")
    with pytest.raises(UpstreamBadResponse):
        await client.get_json("/garbled")


async def test_expected_statuses_come_back_with_their_body(
    client: UpstreamClient, script: Script
) -> None:
    script.on("/carts", (409, b'{"errors": [{"code": "ConcurrentModification"}]}'))
    response = await client.request("POST", "/carts", json={}, expected=frozenset({400, 409}))
    assert response.status == 409
    assert response.body == {"errors": [{"code": "ConcurrentModification"}]}
    script.on("/garbled", (422, b"<html>"))
    with pytest.raises(UpstreamBadResponse):
        await client.request("POST", "/garbled", json={}, expected=frozenset({422}))
    with pytest.raises(UpstreamBadResponse):
        await client.request("POST", "/carts", json={}, expected=frozenset({400}))


async def test_a_form_body(client: UpstreamClient, script: Script) -> None:
    script.on("/oauth/token", (200, b'{"access_token": "t"}'))
    form = {"grant_type": "client_credentials", "scope": "a b"}
    await client.request("POST", "/oauth/token", form=form, headers={"Authorization": "Basic x"})
    method, _, content_type, body = script.calls[-1]
    assert (method, content_type) == ("POST", "application/x-www-form-urlencoded")
    assert body == b"grant_type=client_credentials&scope=a+b"
    with pytest.raises(ValueError, match="not both"):
        await client.request("POST", "/oauth/token", form=form, json={})


async def test_reads_are_retried_on_503_and_429_within_the_budget(
    client: UpstreamClient, script: Script
) -> None:
    script.on("/p", (503, b""), (429, b"", NOW), (200, b"[]"))
    assert (await client.get_json("/p")).body == []
    assert script.count("/p") == 3
    script.on("/down", (503, b""))
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/down")
    assert script.count("/down") == 3


async def test_a_write_is_not_retried_on_503(client: UpstreamClient, script: Script) -> None:
    script.on("/orders", (503, b""), (200, b"{}"))
    with pytest.raises(UpstreamUnavailable):
        await client.request("POST", "/orders", json={}, idempotent=False)
    assert script.count("/orders") == 1


async def test_a_write_is_retried_on_429(client: UpstreamClient, script: Script) -> None:
    script.on("/orders", (429, b"", NOW), (201, b'{"id": "o1"}'))
    response = await client.request("POST", "/orders", json={}, idempotent=False)
    assert (response.status, response.body) == (201, {"id": "o1"})
    assert script.count("/orders") == 2
    script.on("/busy", (429, b"", NOW))
    with pytest.raises(UpstreamRateLimited):
        await client.request("POST", "/busy", json={}, idempotent=False)
    assert script.count("/busy") == 3


async def test_backoff_grows_exponentially_up_to_its_cap(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    client = clocked(base_url, session, clock, attempts=5)
    script.on("/down", (503, b""))
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/down")
    assert script.count("/down") == 5
    assert clock.slept == [0.1, 0.2, 0.3, 0.3], "jitter=1.0 shows the ceiling of each wait"


async def test_jitter_spreads_the_wait_below_the_ceiling(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    retry = RetryPolicy(attempts=2, backoff_s=0.1)
    client = UpstreamClient(
        "up", session, base_url, 2.0, retry, RetryBudget(), sleep=clock.sleep, jitter=lambda: 0.25
    )
    script.on("/down", (503, b""))
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/down")
    assert clock.slept == [pytest.approx(0.025)]


async def test_a_retry_happens_only_while_the_deadline_leaves_time(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    client = clocked(base_url, session, clock, attempts=10)
    script.on("/down", (503, b""))
    with deadline_scope(0.5, clock), pytest.raises(UpstreamUnavailable):
        await client.get_json("/down")
    # waits 0.1 + 0.2 (0.2 left), then 0.3 + a 50 ms attempt would not fit
    assert (script.count("/down"), clock.slept) == (3, [0.1, 0.2])


async def test_a_spent_deadline_makes_no_call(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    client = clocked(base_url, session, clock)
    script.on("/p", (200, b"[]"))
    with deadline_scope(0.01, clock), pytest.raises(UpstreamTimeout):
        await client.get_json("/p")
    assert script.count("/p") == 0


async def test_each_attempt_gets_the_time_left_not_its_own_timeout(
    client: UpstreamClient, script: Script
) -> None:
    with deadline_scope(0.2), pytest.raises(UpstreamTimeout) as raised:
        await client.get_json("/hang")  # the client's own timeout is 2 s
    assert script.count("/hang") == 1, "no time left for a retry"
    assert raised.value.connector == "up"


async def test_retry_after_is_honoured_within_the_time_left(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    client = clocked(base_url, session, clock)
    script.on("/busy", (429, b"", {"Retry-After": "1"}), (200, b"[]"))
    with deadline_scope(3.0, clock):
        assert (await client.get_json("/busy")).body == []
    assert clock.slept == [1.0]
    script.on("/later", (429, b"", {"Retry-After": "2"}), (200, b"[]"))
    with deadline_scope(1.0, clock), pytest.raises(UpstreamRateLimited):
        await client.get_json("/later")
    assert script.count("/later") == 1, "waiting 2 s would outlive the deadline: no retry"


async def test_a_spent_budget_stops_the_retries(
    base_url: str, session: aiohttp.ClientSession, script: Script
) -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryBudgetSettings(ratio=0.1, min_retries=2, window_s=10), clock)
    client = clocked(base_url, session, clock, budget)
    script.on("/down", (503, b""))
    for _ in range(10):
        with pytest.raises(UpstreamUnavailable):
            await client.get_json("/down")
    # 10 calls: 2 retries of the floor + 10% of 10 calls; without a budget, 30 requests
    assert script.count("/down") == 10 + 3


class Row(msgspec.Struct):
    sku: str
    qty: int


ROWS = msgspec.json.Decoder(list[Row])


async def test_a_typed_decoder_reads_the_answer_and_refuses_another_shape(
    client: UpstreamClient, script: Script
) -> None:
    script.on("/rows", (200, b'[{"sku": "A", "qty": 2, "extra": true}]'))
    script.on("/wrong", (200, b'[{"sku": "A", "qty": "two"}]'))
    script.on("/garbled", (200, b"[{"))
    script.on("/conflict", (409, b'{"message": "version"}'))
    answer = await client.request("GET", "/rows", decoder=ROWS)
    assert answer.body == [Row("A", 2)]
    with pytest.raises(UpstreamBadResponse, match=r"unexpected shape: Expected `int`"):
        await client.request("GET", "/wrong", decoder=ROWS)
    with pytest.raises(UpstreamBadResponse, match="malformed JSON"):
        await client.request("GET", "/garbled", decoder=ROWS)
    # An expected error status is the caller's to read: its body stays plain JSON.
    conflict = await client.request("GET", "/conflict", decoder=ROWS, expected=frozenset({409}))
    assert conflict.body == {"message": "version"}
    assert script.count("/wrong") == 1, "a body of the wrong shape is not retried"
