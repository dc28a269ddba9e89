"""A small graphql-sse client for tests: open `/graphql/stream`, read events one by one,
each bounded in time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

WAIT_S = 10.0


@dataclass
class SseEvent:
    event: str | None  # None for a comment (a heartbeat)
    data: Any


class SseStream:
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def next_event(self, wait_s: float = WAIT_S, comments: bool = False) -> SseEvent:
        async with asyncio.timeout(wait_s):
            while True:
                event = await self._read_one()
                if event.event is not None or comments:
                    return event

    async def _read_one(self) -> SseEvent:
        name: str | None = None
        data: list[str] = []
        comment = False
        while True:
            raw = await self.response.content.readline()
            if not raw:
                raise EOFError("the stream ended")
            line = raw.decode().rstrip("\n")
            if line == "":
                if name is None and not data and not comment:
                    continue
                text = "\n".join(data)
                return SseEvent(name, orjson.loads(text) if text else None)
            if line.startswith(":"):
                comment = True
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())


@contextlib.asynccontextmanager
async def sse(
    session: aiohttp.ClientSession,
    base_url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> AsyncIterator[SseStream]:
    """A POST stream (`Content-Type: application/json`, as graphql-sse's client sends)."""
    sent = {"accept": "text/event-stream", **(headers or {})}
    body = {"query": query, "variables": variables or {}}
    async with session.post(base_url + "/graphql/stream", json=body, headers=sent) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/event-stream"
        yield SseStream(response)
