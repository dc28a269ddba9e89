"""The access log: one JSON line per request (logger `omnicanal.access`) with the request
id, the operation, the status, the duration, the cost, the connector calls and the key's
public id, and never the key's text; `X-Request-Id` echoed when plausible, replaced when
hostile, generated when absent."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import orjson
import pytest

from gateway.examples import LISTING
from gateway.log_setup import JsonFormatter
from tests.support.instrumented import Recorder
from tests.support.keys import KEY_HEADER
from tests.support.server import GraphQLClient

GENERATED = re.compile(r"[0-9a-f]{32}")
FIELDS = {
    "request_id", "method", "path", "operation", "type", "outcome", "status", "duration_ms",
    "cost", "connector_calls", "key_id",
}  # fmt: skip


async def access_lines(caplog: pytest.LogCaptureFixture, count: int) -> list[dict[str, Any]]:
    """The access lines as the JSON formatter writes them; the line follows the response's
    last byte, so it may land a moment after the client has read it."""
    formatter = JsonFormatter()
    for _ in range(100):
        records = [r for r in caplog.records if r.name == "omnicanal.access"]
        if len(records) >= count:
            break
        await asyncio.sleep(0.01)
    return [orjson.loads(formatter.format(r)) for r in records]


async def post(client: GraphQLClient, query: str, headers: dict[str, str]) -> tuple[int, str]:
    body = {"query": query}
    async with client.session.post(client.base_url + "/graphql", json=body, headers=headers) as r:
        await r.read()
        return r.status, r.headers["X-Request-Id"]


async def test_one_line_per_request_with_its_fields_and_no_key_text(
    gateway: GraphQLClient,
    any_channel: dict[str, str],
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="omnicanal.access")
    recorder.reset()
    status, rid = await post(gateway, LISTING, {**any_channel, "X-Request-Id": "abc.123-XY_z"})
    assert status == 200
    assert rid == "abc.123-XY_z", "a plausible id is echoed"
    (line,) = await access_lines(caplog, 1)
    assert line.keys() >= FIELDS
    assert line["request_id"] == rid
    assert line["operation"] == "Listing"
    assert line["type"] == "query"
    assert line["outcome"] == "ok"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["cost"] > 0
    assert line["connector_calls"] == sum(recorder.calls.values())
    assert line["key_id"], "the key's public id"
    key_text = any_channel[KEY_HEADER]
    assert key_text not in orjson.dumps(line).decode()


async def test_a_request_id_is_generated_when_absent_or_hostile(
    gateway: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="omnicanal.access")
    hostile = ["x" * 129, "a b", "id\u00e9", "<script>", ""]
    ids = []
    for value in [None, *hostile]:
        headers = {} if value is None else {"X-Request-Id": value}
        _, rid = await post(gateway, "{ __typename }", headers)
        assert GENERATED.fullmatch(rid), (value, rid)
        ids.append(rid)
    assert len(set(ids)) == len(ids), "a fresh id each time"
    lines = await access_lines(caplog, len(ids))
    assert [line["request_id"] for line in lines] == ids


async def test_every_response_carries_the_id_errors_and_other_routes_included(
    gateway: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="omnicanal.access")
    bad = {"Content-Type": "application/json"}
    async with gateway.session.post(gateway.base_url + "/graphql", data=b"{", headers=bad) as r:
        assert r.status == 400
        assert GENERATED.fullmatch(r.headers["X-Request-Id"])
    async with gateway.session.get(gateway.base_url + "/nowhere") as r:
        assert r.status == 404
        assert GENERATED.fullmatch(r.headers["X-Request-Id"])
    first, second = await access_lines(caplog, 2)
    assert (first["status"], first["outcome"], first["operation"]) == (400, "bad_request", None)
    assert (second["status"], second["path"]) == (404, "/nowhere")
