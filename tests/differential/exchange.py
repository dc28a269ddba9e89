"""One GraphQL request sent to a gateway, kept as the client saw it: the HTTP status, the
headers that describe the answer, and the JSON body with its key order (Python dicts keep
the order the JSON had)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.support.server import GraphQLClient

# The response headers that say something about the answer; the rest (Date, X-Request-ID,
# Content-Length of bodies that may differ only in legitimately per-request values) do not.
COMPARED_HEADERS = ("content-type", "cache-control", "vary", "retry-after")


@dataclass(frozen=True)
class Request:
    query: str
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"query": self.query}
        if self.variables is not None:
            body["variables"] = self.variables
        if self.operation_name is not None:
            body["operationName"] = self.operation_name
        return body

    def with_headers(self, **headers: str) -> Request:
        return Request(
            self.query, self.variables, self.operation_name, (*self.headers, *headers.items())
        )


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: Any  # the parsed JSON, or the text when it is not JSON


async def send(client: GraphQLClient, request: Request) -> Reply:
    headers = {**client.headers, **dict(request.headers)}
    url = client.base_url + "/graphql"
    async with client.session.post(url, json=request.body(), headers=headers) as response:
        text = await response.text()
        kept = {h: response.headers[h] for h in COMPARED_HEADERS if h in response.headers}
        return Reply(response.status, kept, _parsed(text))


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
