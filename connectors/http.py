"""Upstream HTTP calls shared by connectors: a timeout per call, bounded retries on
retriable failures (honouring Retry-After), and HTTP status mapped to connector errors."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson

from connectors.errors import (
    ConnectorError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)

MAX_RETRY_AFTER_S = 5.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    backoff_s: float = 0.05


@dataclass(frozen=True, slots=True)
class UpstreamResponse:
    status: int
    body: Any  # parsed JSON, or None for 404


class UpstreamClient:
    """JSON over HTTP to one upstream, through the app's shared session."""

    def __init__(
        self,
        connector: str,
        session: aiohttp.ClientSession,
        base_url: str,
        timeout_s: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),
    ) -> None:
        self.connector = connector
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._retry = retry

    async def get_json(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> UpstreamResponse:
        return await self.request("GET", path, params=params, headers=headers)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> UpstreamResponse:
        last: ConnectorError | None = None
        for attempt in range(self._retry.attempts):
            try:
                return await self._once(method, path, params, headers, json)
            except (UpstreamUnavailable, UpstreamTimeout) as exc:
                last = exc
                if attempt + 1 < self._retry.attempts:
                    await asyncio.sleep(self._delay(exc, attempt))
        assert last is not None
        raise last

    def _delay(self, exc: ConnectorError, attempt: int) -> float:
        if isinstance(exc, UpstreamRateLimited):
            return min(exc.retry_after, MAX_RETRY_AFTER_S)
        return float(self._retry.backoff_s * (2**attempt))

    async def _once(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        json: Any,
    ) -> UpstreamResponse:
        url = self._base_url + path
        data = orjson.dumps(json) if json is not None else None
        send_headers = {"Content-Type": "application/json"} if data is not None else {}
        send_headers.update(headers or {})
        try:
            async with self._session.request(
                method, url, params=params, headers=send_headers, data=data, timeout=self._timeout
            ) as response:
                raw = await response.read()
                return self._interpret(response, raw)
        except TimeoutError as exc:
            raise UpstreamTimeout(self.connector, f"{method} {path}") from exc
        except aiohttp.ClientError as exc:
            raise UpstreamUnavailable(self.connector, f"{method} {path}: {exc}") from exc

    def _interpret(self, response: aiohttp.ClientResponse, raw: bytes) -> UpstreamResponse:
        status = response.status
        where = f"{response.method} {response.url.path} -> {status}"
        if status == 404:
            return UpstreamResponse(status, None)
        if status == 429:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            raise UpstreamRateLimited(self.connector, where, retry_after)
        if status in (401, 403):
            raise UpstreamAuthError(self.connector, where)
        if status >= 500:
            raise UpstreamUnavailable(self.connector, where)
        try:
            body = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError as exc:
            raise UpstreamBadResponse(self.connector, f"{where}: malformed JSON") from exc
        if status >= 400:
            raise UpstreamBadResponse(self.connector, where)
        return UpstreamResponse(status, body)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0
