"""The load loop, the answer checks, the report rows and the CPU reading."""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import AsyncIterator

import aiohttp
import orjson
import pytest
from aiohttp import web

from bench import config, load, procstat
from bench.report import build_report, format_table, make_row


@pytest.fixture
async def fake_gateway() -> AsyncIterator[str]:
    """Answers `{ __typename }` and an error for anything else."""

    async def graphql(request: web.Request) -> web.Response:
        query = (await request.json())["query"]
        if query == "{ __typename }":
            return web.json_response({"data": {"__typename": "Query"}})
        return web.json_response(
            {"data": None, "errors": [{"message": "boom", "extensions": {"code": "X"}}]}
        )

    app = web.Application()
    app.router.add_post("/graphql", graphql)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/graphql"
    await runner.cleanup()


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]
    assert load.percentile(values, 50) == 50.0
    assert load.percentile(values, 99) == 99.0
    assert load.percentile([7.0], 99) == 7.0
    assert load.percentile([], 50) is None


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (200, {"data": {"__typename": "Query"}}, None),
        (200, {"data": None, "errors": [{"message": "no", "path": ["products"]}]}, "at products"),
        (200, {"data": {"products": None}, "errors": [{"message": "partial"}]}, "partial"),
        (200, {"errors": []}, "no data"),
        (500, {"data": {}}, "HTTP 500"),
    ],
)
def test_an_answer_with_errors_is_never_a_success(
    status: int, body: object, problem: str | None
) -> None:
    found = load.problem_with(status, orjson.dumps(body))
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_listing_check_wants_priced_products() -> None:
    assert load.listing_problem({"products": {"nodes": []}}) == "listing returned no products"
    nodes = [{"price": {"amount": "1.00"}}, {"price": None}]
    assert load.listing_problem({"products": {"nodes": nodes}}) is not None
    assert load.listing_problem({"products": {"nodes": nodes[:1]}}) is None


async def test_closed_loop_stops_at_the_request_budget(fake_gateway: str) -> None:
    async with aiohttp.ClientSession() as session:
        result = await load.closed_loop(
            session,
            fake_gateway,
            "{ __typename }",
            concurrency=4,
            duration_s=30.0,
            max_requests=40,
            check=load.typename_problem,
        )
    assert (result.requests, result.errors, len(result.latencies_ms)) == (40, 0, 40)


async def test_closed_loop_stops_at_the_deadline_and_counts_errors(fake_gateway: str) -> None:
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        result = await load.closed_loop(
            session, fake_gateway, "{ other }", concurrency=2, duration_s=0.2, max_requests=10**6
        )
    assert time.perf_counter() - started < 2.0
    assert result.requests > 0
    assert result.errors == result.requests
    assert result.latencies_ms == []
    assert result.error_samples() == [f"{result.errors}x GraphQL error X at -: boom"]
    row = make_row("listing", 2, result, cpu_s=0.1, upstream_calls=0)
    assert (row.rps, row.p50_ms, row.errors) == (0.0, None, result.requests)
    assert "! " in format_table([row])


def test_a_row_shares_cpu_and_upstream_calls_over_requests() -> None:
    result = load.LoadResult(elapsed_s=2.0)
    for latency in (10.0, 20.0, 30.0, 40.0):
        result.record(latency, None)
    row = make_row("typename", 1, result, cpu_s=0.02, upstream_calls=28)
    assert (row.rps, row.p50_ms, row.p99_ms) == (2.0, 20.0, 40.0)
    assert (row.cpu_ms_per_query, row.upstream_calls_per_query) == (5.0, 7.0)
    report = build_report({"latency_ms": 5}, [row])
    assert report["results"][0]["workload"] == "typename"


def test_cpu_seconds_grow_with_work() -> None:
    before = procstat.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert procstat.cpu_seconds(os.getpid()) - before >= 0.05


def test_config_wires_every_domain_to_the_bench_connector() -> None:
    parsed = tomllib.loads(config.gateway_config("http://127.0.0.1:1234"))
    assert parsed["connectors"]["upstream"]["kind"] == "bench.connector:SPEC"
    assert parsed["connectors"]["upstream"]["settings"] == {"base_url": "http://127.0.0.1:1234"}
    assert set(parsed["domains"].values()) == {"upstream"}
    assert len(parsed["domains"]) == 6
