"""The edge holds whatever a client sends: bodies stop at the cap while streaming, request
heads are bounded, slow and half-open clients are cut off by the read timeout, excess load
gets a 503, and shutdown does not wait on a runaway request.

Raw sockets where the point is what the client does on the wire (half a request head, a body
that never ends); the server is the real gateway, in a process of its own where the test
watches the process (its memory, its exit)."""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from gateway.config import ConfigError, embedded_default, load
from gateway.config_sections import EdgeLimits
from gateway.server import uvicorn_options
from tests.conftest import instrumented_config
from tests.support.raw_http import (
    code,
    connect,
    post_head,
    push_chunked,
    status_and_body,
    until_closed,
)
from tests.support.server import GraphQLClient, running_gateway
from tests.support.spawned import SpawnedGateway, config_text, spawned_gateway

QUERY = b'{"query": "{ __typename }"}'
MIB = 1 << 20
CLOSE_MARGIN_S = 2.0  # scheduling slack on two shared cores


def _port(client: GraphQLClient) -> int:
    port = urlsplit(client.base_url).port
    assert port is not None
    return port


@contextlib.asynccontextmanager
async def _gateway(sample_dir: Path, **edge: float) -> AsyncIterator[GraphQLClient]:
    config = replace(instrumented_config(sample_dir), edge=EdgeLimits(**edge))
    async with running_gateway(config) as client:
        yield client


def test_the_limits_in_the_file_are_what_uvicorn_runs_with(tmp_path: Path) -> None:
    path = tmp_path / "omnicanal.toml"
    limits = """max_body_bytes = 2048
max_header_bytes = 4096
read_timeout_s = 2.5
write_timeout_s = 6
keep_alive_timeout_s = 3
shutdown_timeout_s = 4
max_concurrency = 7
max_requests_per_connection = 50"""
    path.write_text(config_text(tmp_path, limits))
    options = uvicorn_options(load(path))
    assert options["http"].keywords == {
        "read_timeout_s": 2.5,
        "write_timeout_s": 6,
        "max_header_bytes": 4096,
        "max_requests_per_connection": 50,
    }
    assert {k: options[k] for k in EXPECTED_OPTIONS} == dict(
        zip(EXPECTED_OPTIONS, (4096, 2048, 3, 4, 7), strict=True)
    )
    path.write_text(config_text(tmp_path, "max_header_bytes = 16384.5"))
    with pytest.raises(ConfigError, match=r"gateway\.limits\.max_header_bytes: must be a whole"):
        load(path)


def test_worker_processes_unpickle_the_protocol_without_heavy_imports() -> None:
    """`--workers` pickles the options; a worker that imports strawberry while unpickling
    them misses uvicorn's start-up health check and is killed."""
    protocol = pickle.dumps(uvicorn_options(embedded_default())["http"])
    probe = (
        "import pickle, sys; pickle.loads(sys.stdin.buffer.read()); "
        "print(sorted(m for m in ('strawberry', 'graphql', 'starlette') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], input=protocol, capture_output=True, timeout=60, check=True
    )
    assert done.stdout.strip() == b"[]"


EXPECTED_OPTIONS = (
    "h11_max_incomplete_event_size",
    "ws_max_size",
    "timeout_keep_alive",
    "timeout_graceful_shutdown",
    "limit_concurrency",
)


# Bodies


async def test_a_chunked_body_within_the_cap_is_read_and_executed(sample_dir: Path) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for piece in (QUERY[:10], QUERY[10:]):
            yield piece

    async with _gateway(sample_dir) as client:
        headers = {"content-type": "application/json"}
        async with client.session.post(
            client.base_url + "/graphql", data=chunks(), headers=headers
        ) as response:
            assert response.request_info.headers.get("Transfer-Encoding") == "chunked"
            assert response.status == 200
            assert (await response.json())["data"] == {"__typename": "Query"}


async def test_a_content_length_over_the_cap_is_refused_before_the_body(sample_dir: Path) -> None:
    async with _gateway(sample_dir, max_body_bytes=1000) as client:
        reader, writer = await connect(_port(client))
        writer.write(post_head("Content-Length: 1001\r\n"))  # and not one byte of body
        await writer.drain()
        async with asyncio.timeout(5):
            head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413 ")
        writer.close()


async def test_a_chunked_body_over_the_cap_is_413_with_a_code(sample_dir: Path) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * 100  # JSON whitespace: 2,000 bytes in all

    async with _gateway(sample_dir, max_body_bytes=1000) as client:
        headers = {"content-type": "application/json"}
        async with client.session.post(
            client.base_url + "/graphql", data=chunks(), headers=headers
        ) as response:
            assert response.status == 413
            body = await response.json()
        assert code(body) == "PAYLOAD_TOO_LARGE"
        assert "1000 bytes" in body["errors"][0]["message"]


async def test_a_200_mb_chunked_upload_is_413_and_server_memory_stays_flat(
    sample_dir: Path, tmp_path: Path
) -> None:
    """A hostile client pushes 200 MB without Content-Length and ignores the early 413; the
    server's resident memory must not follow what it is sent."""
    shutil.copy(sample_dir / "sample.db", tmp_path / "sample.db")
    text = config_text(tmp_path, "read_timeout_s = 60")  # let the whole upload arrive
    async with spawned_gateway(text, tmp_path) as gateway:
        await _warm_up(gateway)
        baseline_kb = gateway.status_kb("VmRSS")
        peak_reset = gateway.reset_peak_rss()
        sampled_peak_kb = baseline_kb
        started = time.monotonic()
        upload = asyncio.create_task(push_chunked(gateway.port, 200 * MIB))
        while not upload.done():
            sampled_peak_kb = max(sampled_peak_kb, gateway.status_kb("VmRSS"))
            await asyncio.sleep(0.02)
        sent, response = await upload
        elapsed = time.monotonic() - started
        peak_kb = max(sampled_peak_kb, gateway.status_kb("VmHWM") if peak_reset else 0)

    status, body = status_and_body(response)
    assert status == 413
    assert code(body) == "PAYLOAD_TOO_LARGE"
    assert sent == 200 * MIB, "the server should drain, not cut off, within the read timeout"
    growth_mb = (peak_kb - baseline_kb) / 1024
    print(
        f"\nRSS {baseline_kb} kB before, peak {peak_kb} kB: +{growth_mb:.1f} MB for 200 MB in {elapsed:.1f} s"
    )
    assert growth_mb < 10


async def _warm_up(gateway: SpawnedGateway) -> None:
    """One request of each kind first, so what is measured is the upload, not lazy imports."""
    for _ in range(3):
        _, response = await push_chunked(gateway.port, 2 * MIB)
        assert status_and_body(response)[0] == 413
    async with aiohttp.ClientSession() as session:
        headers = {"content-type": "application/json"}
        url = gateway.base_url + "/graphql"
        async with session.post(url, data=QUERY, headers=headers) as response:
            assert response.status == 200


# Request heads


async def test_a_request_head_over_the_cap_is_431_with_a_code(sample_dir: Path) -> None:
    async with _gateway(sample_dir, max_header_bytes=16 * 1024) as client:
        for oversized in (
            f"X-Big: {'a' * 32 * 1024}\r\n",
            "",
        ):
            reader, writer = await connect(_port(client))
            path = "/healthz" if oversized else "/healthz?" + "q" * 32 * 1024
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n{oversized}\r\n".encode())
            status, body = status_and_body(await until_closed(reader, 5))
            assert status == 431
            assert code(body) == "REQUEST_HEADER_TOO_LARGE"
            writer.close()
        within = {"X-Fine": "a" * 8 * 1024}
        assert (await client.raw("GET", "/healthz", headers=within))[0] == 200


async def test_a_malformed_request_is_400_with_a_code(sample_dir: Path) -> None:
    async with _gateway(sample_dir) as client:
        reader, writer = await connect(_port(client))
        writer.write(b"GET / HTTP/1.1\r\nno colon here\r\n\r\n")
        status, body = status_and_body(await until_closed(reader, 5))
        writer.close()
    assert (status, code(body)) == (400, "BAD_REQUEST")


# Slow and half-open clients


async def test_300_half_open_connections_are_closed_within_the_read_timeout(
    sample_dir: Path, tmp_path: Path
) -> None:
    """A third send nothing, a third stop in the middle of the request head, a third in the
    middle of the body; the server closes every one about `read_timeout_s` later."""
    timeout_s = 1.0
    unfinished = {
        "silent": b"",
        "head": b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty",
        "body": post_head("Content-Length: 1000\r\n") + b'{"query": "{ __ty',
    }
    shutil.copy(sample_dir / "sample.db", tmp_path / "sample.db")
    text = config_text(tmp_path, f"read_timeout_s = {timeout_s}")
    async with spawned_gateway(text, tmp_path) as gateway:  # its own loop, not the test's

        async def one(kind: str) -> tuple[str, float, bytes]:
            opened_at = time.monotonic()  # the server's deadline starts after this
            reader, writer = await connect(gateway.port)
            writer.write(unfinished[kind])
            await writer.drain()
            received = await until_closed(reader, timeout_s + CLOSE_MARGIN_S)
            writer.close()
            return kind, time.monotonic() - opened_at, received

        results = await asyncio.gather(*(one(kind) for kind in unfinished for _ in range(100)))

    times = sorted(t for _, t, _ in results)
    print(
        f"\n300 half-open connections closed after {times[0]:.2f} s (min), "
        f"{statistics.median(times):.2f} s (median), {times[-1]:.2f} s (max)"
    )
    assert len(results) == 300
    # The timeout, not an accident, closed them. The server's timer starts when it accepts a
    # connection, a moment before the client's clock does: a few ms of slack, no more.
    assert times[0] >= timeout_s - 0.05
    for kind, _, received in results:
        if kind == "silent":
            assert received == b""  # no request, nothing to answer
        else:
            status, body = status_and_body(received)
            assert (status, code(body)) == (408, "REQUEST_TIMEOUT")


async def test_trickling_a_request_head_does_not_extend_the_read_timeout(
    sample_dir: Path,
) -> None:
    head = post_head("Content-Length: 2\r\n")
    async with _gateway(sample_dir, read_timeout_s=1.0) as client:
        reader, writer = await connect(_port(client))
        started = time.monotonic()

        async def trickle() -> None:
            with contextlib.suppress(ConnectionError):
                for byte in head[:25]:  # one byte every 0.2 s: 5 s for the lot
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(0.2)

        sender = asyncio.create_task(trickle())
        received = await until_closed(reader, 1.0 + CLOSE_MARGIN_S)
        closed_after = time.monotonic() - started
        sender.cancel()
        writer.close()
    assert status_and_body(received)[0] == 408
    assert 0.8 < closed_after < 1.0 + CLOSE_MARGIN_S


async def test_a_kept_alive_connection_idles_for_the_keep_alive_timeout(
    sample_dir: Path,
) -> None:
    """The read timeout runs only while a request is arriving: an idle kept-alive
    connection outlives it, and is closed by the keep-alive timeout instead."""
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    async with _gateway(sample_dir, read_timeout_s=1.0, keep_alive_timeout_s=2.5) as client:
        reader, writer = await connect(_port(client))
        for _ in range(2):
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            assert head.startswith(b"HTTP/1.1 200 ")
            await reader.readexactly(int(head.split(b"content-length: ")[1].split(b"\r\n")[0]))
            idle_from = time.monotonic()
            await asyncio.sleep(1.5)  # past the read timeout, within the keep-alive one
        assert await until_closed(reader, 2.5 + CLOSE_MARGIN_S) == b""
        assert 2.0 < time.monotonic() - idle_from < 2.5 + CLOSE_MARGIN_S
        writer.close()


async def test_a_websocket_outlives_the_read_timeout(sample_dir: Path) -> None:
    async with _gateway(sample_dir, read_timeout_s=1.0) as client:
        url = client.base_url.replace("http", "ws") + "/graphql"
        async with client.session.ws_connect(url, protocols=["graphql-transport-ws"]) as ws:
            await asyncio.sleep(1.5)
            await ws.send_json({"type": "connection_init"})
            assert (await ws.receive_json(timeout=5))["type"] == "connection_ack"


# Load and shutdown


async def test_beyond_the_concurrency_limit_requests_get_503_at_once(sample_dir: Path) -> None:
    async with _gateway(sample_dir, max_concurrency=2, read_timeout_s=10.0) as client:
        holders = [await connect(_port(client)) for _ in range(2)]
        for _, writer in holders:  # two requests in flight, waiting for their bodies
            writer.write(post_head("Content-Length: 100\r\n"))
            await writer.drain()
        await asyncio.sleep(0.2)
        started = time.monotonic()
        async with (
            aiohttp.ClientSession() as session,
            session.get(client.base_url + "/healthz") as response,
        ):
            refused_after = time.monotonic() - started
            assert response.status == 503
            assert response.headers["Retry-After"] == "1"
            assert code(await response.json()) == "OVERLOADED"
        assert refused_after < 1.0
        for _, writer in holders:
            writer.close()
        await asyncio.sleep(0.2)
        async with (
            aiohttp.ClientSession() as session,
            session.get(client.base_url + "/healthz") as response,
        ):
            assert response.status == 200  # capacity is back


async def test_shutdown_ends_within_its_bound_despite_a_runaway_request(
    sample_dir: Path, tmp_path: Path
) -> None:
    shutil.copy(sample_dir / "sample.db", tmp_path / "sample.db")
    marker = tmp_path / "search-started"
    text = config_text(
        tmp_path,
        "shutdown_timeout_s = 1",
        kind="tests.support.slow:SLOW",
        settings=f'database = "{tmp_path / "sample.db"}"\nstarted_marker = "{marker}"',
    )
    query = {"query": "{ products(first: 1) { nodes { id } } }"}
    async with spawned_gateway(text, tmp_path) as gateway, aiohttp.ClientSession() as session:
        runaway = asyncio.create_task(session.post(gateway.base_url + "/graphql", json=query))
        for _ in range(200):  # 10 s at most
            if marker.exists():
                break
            await asyncio.sleep(0.05)
        assert marker.exists(), "the runaway search never started"
        started = time.monotonic()
        gateway.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(1.0 + 10):
            returncode = await gateway.process.wait()
        took = time.monotonic() - started
        print(f"\nshutdown with a runaway request took {took:.2f} s (bound 1 s)")
        response = await runaway
        status, body = response.status, await response.json()
        response.release()
    assert returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it caught
    assert 0.9 < took < 1.0 + CLOSE_MARGIN_S
    assert (status, code(body)) == (503, "SHUTTING_DOWN")
    log = gateway.log.read_text()
    assert "Traceback" not in log
    assert "request cancelled by shutdown: /graphql" in log
