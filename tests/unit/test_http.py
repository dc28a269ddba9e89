"""UpstreamClient against a scripted server: status mapping, expected statuses, form
bodies, and which failures are retried for idempotent and non-idempotent requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTokenRefused,
    UpstreamUnavailable,
)
from connectors.http import RetryPolicy, UpstreamClient

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
        queue = self.answers[request.path]
        status, text, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return web.Response(status=status, body=text, headers=headers)

    def count(self, path: str) -> int:
        return sum(1 for call in self.calls if call[1] == path)


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
async def client(script: Script) -> AsyncIterator[UpstreamClient]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", script.handle)
    server = TestServer(app)
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        base = str(server.make_url("/"))
        yield UpstreamClient("up", session, base, 2.0, RetryPolicy(attempts=3, backoff_s=0))
    await server.close()


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
