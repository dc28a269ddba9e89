"""A pytest plugin that records every GraphQL operation the end-to-end suite posts, so the
differential suite replays what the e2e tests really send rather than a hand-made copy.

Regenerate the corpus after changing tests/e2e (about two minutes):

    python -m pytest tests/e2e -q -p no:cacheprovider -p tests.differential.capture

Only `GraphQLClient.post` is recorded (raw HTTP tests probe the edge, not the executor);
credentials are recorded as the kind of header sent, never as their values, which belong
to a data dir that no longer exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import GraphQLClient

CORPUS = Path(__file__).with_name("e2e_operations.json")
CREDENTIAL_HEADERS = ("X-Omnicanal-Key", "Authorization")

_recorded: dict[str, dict[str, Any]] = {}


def _entry(query: str, variables: dict[str, Any] | None, headers: dict[str, str]) -> dict[str, Any]:
    sent = {name.lower() for name in headers}
    return {
        "query": query,
        "variables": variables,
        "credentials": sorted(h for h in CREDENTIAL_HEADERS if h.lower() in sent),
    }


def pytest_configure(config: pytest.Config) -> None:
    original = GraphQLClient.post

    async def recording_post(
        self: GraphQLClient,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        entry = _entry(query, variables, {**self.headers, **(headers or {})})
        _recorded.setdefault(json.dumps(entry, sort_keys=True), entry)
        return await original(self, query, variables, headers)

    GraphQLClient.post = recording_post  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _recorded:
        entries = sorted(_recorded.values(), key=lambda e: json.dumps(e, sort_keys=True))
        CORPUS.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")
