"""wrk as the load generator: every answer checked in its Lua hook, its own CPU read, and
its report parsed. Against a real HTTP server on 127.0.0.1 that counts what it answered.
A missing wrk fails these tests (WrkMissing says how to install it) rather than skipping
them: scripts/install-debian.sh installs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import orjson
import pytest
from aiohttp import web

from bench import queries, wrk

GOOD = orjson.dumps({"data": {"__typename": "Query"}})
# Each is a bad answer the check must count: a partial answer (data and an error), an error
# entry, no data, the wrong type, a 500.
BAD: list[tuple[int, bytes]] = [
    (200, orjson.dumps({"data": {"__typename": "Query"}, "errors": [{"message": "partial"}]})),
    (200, orjson.dumps({"errors": [{"message": "boom"}], "data": None})),
    (200, orjson.dumps({"data": None})),
    (200, orjson.dumps({"data": {"__typename": None}})),
    (500, orjson.dumps({"errors": [{"message": "internal"}]})),
]


@dataclass
class Counting:
    url: str
    answered: int = 0
    bad: int = 0


Answer = Callable[[int], tuple[int, bytes]]


async def _serve(answer: Answer) -> AsyncIterator[Counting]:
    counting = Counting(url="")

    async def graphql(request: web.Request) -> web.Response:
        assert orjson.loads(await request.read()) == {"query": queries.TYPENAME}
        status, body = answer(counting.answered)
        counting.answered += 1
        counting.bad += body != GOOD
        return web.Response(status=status, body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/graphql", graphql)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    counting.url = f"http://127.0.0.1:{runner.addresses[0][1]}/graphql"
    try:
        yield counting
    finally:
        await runner.cleanup()


@pytest.fixture
async def good_server() -> AsyncIterator[Counting]:
    async for running in _serve(lambda _: (200, GOOD)):
        yield running


@pytest.fixture
async def mixed_server() -> AsyncIterator[Counting]:
    """Every sixth answer is good; the other five are each bad answer in turn."""

    def answer(n: int) -> tuple[int, bytes]:
        return (200, GOOD) if n % 6 == 0 else BAD[n % 6 - 1]

    async for running in _serve(answer):
        yield running


async def test_good_answers_are_counted_as_good(good_server: Counting) -> None:
    result = await wrk.closed_loop(
        good_server.url, queries.TYPENAME, "typename", connections=2, duration_s=1
    )
    assert result.errors == 0
    assert result.requests > 10
    # wrk counts what it read; the server may have answered a few more as wrk stopped.
    assert result.requests <= good_server.answered <= result.requests + 2
    assert 0.5 < result.elapsed_s < 2.0
    assert 0 < result.p50_ms <= result.p99_ms
    assert result.cpu_s > 0  # wrk's own rusage, read once it has been waited for


async def test_every_bad_answer_is_an_error(mixed_server: Counting) -> None:
    result = await wrk.closed_loop(
        mixed_server.url, queries.TYPENAME, "typename", connections=2, duration_s=1
    )
    assert result.requests > 10
    # Five in six answers are bad, whatever their kind; the last ones in flight as wrk
    # stopped were answered by the server but not read.
    assert result.errors <= mixed_server.bad <= result.errors + 2
    assert result.ok == result.requests - result.errors
    assert abs(result.errors - result.requests * 5 / 6) <= 2


def test_the_script_carries_the_query_and_the_markers() -> None:
    text = wrk.script(queries.TYPENAME, "typename")
    assert '[==[{"query":"{ __typename }"}]==]' in text
    assert '[==["__typename":"Query"]==]' in text
    listing = wrk.script(queries.LISTING, "listing")
    assert '[==["price":null]==]' in listing


def test_a_query_that_would_end_the_lua_string_is_refused() -> None:
    with pytest.raises(ValueError, match="Lua string"):
        wrk.script('{ a(b: "]==]") }', "typename")


def test_a_run_without_a_report_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="no report"):
        wrk.parse(b"Running 1s test @ http://127.0.0.1:1/\n", 0.0)
    parsed = wrk.parse(b"...\nomnicanal-wrk 100 1000000 3 2 1500 9000\n", 0.25)
    assert (parsed.requests, parsed.errors, parsed.ok) == (100, 5, 95)
    assert (parsed.elapsed_s, parsed.p50_ms, parsed.p99_ms, parsed.cpu_s) == (1.0, 1.5, 9.0, 0.25)
