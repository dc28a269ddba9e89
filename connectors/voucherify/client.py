"""Voucherify's REST API through the project's UpstreamClient (timeouts, retries, 429
Retry-After, 5xx mapping): the application keys on every request, paged lists read
whole, and Voucherify's error object read where the caller handles it.

A 401 (wrong keys) is UpstreamAuthError; 404 is "no such resource" (None); any other 4xx
the caller did not expect, and any answer of the wrong shape, is UpstreamBadResponse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from connectors.base import ConnectorEnv
from connectors.errors import UpstreamBadResponse
from connectors.http import RetryPolicy, UpstreamClient
from connectors.voucherify.settings import PAGE_LIMIT, VoucherifySettings

# Voucherify answers a refused write 400 with its error object; the caller reads `key`.
WRITE_ERRORS = frozenset({400})
# Reference lists longer than this many pages are a misconfiguration, not a programme.
MAX_PAGES = 20


@dataclass(frozen=True, slots=True)
class Refusal:
    """A write Voucherify refused: its error `key` (e.g. loyalty_card_points_exceeded)."""

    key: str


def segment(value: str) -> str:
    """One path segment: a member code or id may hold any character."""
    return quote(value, safe="")


class VoucherifyClient:
    def __init__(self, settings: VoucherifySettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        retry = RetryPolicy(attempts=settings.retry_attempts)
        self._http = UpstreamClient(
            env.instance, env.session, settings.base_url, settings.timeout_s, retry
        )
        self._headers = {
            "X-App-Id": settings.app_id,
            "X-App-Token": settings.app_token,
            "Accept": "application/json",
        }

    async def get(
        self, path: str, params: Mapping[str, str] | None = None
    ) -> dict[str, Any] | None:
        """One object, or None when Voucherify has no such resource."""
        response = await self._http.get_json(path, params, self._headers)
        if response.body is None and response.status == 404:
            return None
        return self._object(path, response.body)

    async def page(
        self, path: str, ref: str, params: Mapping[str, str] | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The objects of one list page (under `ref`, Voucherify's `data_ref`) and the
        whole answer (for `total`, `has_more`, `more_starting_after`)."""
        body = await self.get(path, params)
        if body is None:
            return [], {}
        rows = body.get(ref)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UpstreamBadResponse(self.name, f"GET {path}: expected a list under {ref!r}")
        return rows, body

    async def read_all(self, path: str, ref: str) -> list[dict[str, Any]]:
        """Every object of a short reference list (tiers, rules, rewards), page by page."""
        found: list[dict[str, Any]] = []
        for number in range(1, MAX_PAGES + 1):
            params = {"limit": str(PAGE_LIMIT), "page": str(number)}
            rows, _ = await self.page(path, ref, params)
            found.extend(rows)
            if len(rows) < PAGE_LIMIT:
                return found
        raise UpstreamBadResponse(self.name, f"GET {path}: more than {MAX_PAGES} pages")

    async def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any] | Refusal:
        """A write, never retried but on a 429 (Voucherify did not process it)."""
        response = await self._http.request(
            "POST", path, headers=self._headers, json=dict(body), expected=WRITE_ERRORS,
            idempotent=False,
        )  # fmt: skip
        answer = self._object(path, response.body)
        if response.status >= 400:
            key = answer.get("key")
            return Refusal(key if isinstance(key, str) else "")
        return answer

    def _object(self, path: str, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise UpstreamBadResponse(self.name, f"{path}: expected a JSON object")
        return body
