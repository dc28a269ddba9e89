"""Upstream HTTP calls shared by connectors: a timeout per attempt cut to the request
deadline, bounded retries of idempotent reads on retriable failures (jittered exponential
backoff, Retry-After honoured, a retry budget per client so that retries never multiply
the load of an outage, and never more than the deadline leaves time for), and HTTP status
mapped to connector errors.

Per request, a caller may name the statuses it handles itself (`expected`: they come back
as answers with their JSON body, e.g. commercetools' 409 or Akeneo's 422 to a wrong
password), send a form body instead of JSON (OAuth token endpoints), and mark a write as
not idempotent: then only a 429 is retried (the upstream did not process it), never a 5xx
or a timeout, after which the write may have been applied."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import msgspec
import orjson

from connectors.deadline import MIN_ATTEMPT_S, bounded, remaining
from connectors.errors import (
    ConnectorError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamTokenRefused,
    UpstreamUnavailable,
)
from connectors.model_init import fast_init
from connectors.observe import observer
from connectors.retry_budget import BUDGET_SETTINGS, RetryBudget
from connectors.tracing import with_trace_context

MAX_RETRY_AFTER_S = 5.0
NONE_EXPECTED: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    # Attempt n (from 0) waits a random time up to backoff_s * 2**n, capped ("full jitter"):
    # clients that failed together do not retry together.
    backoff_s: float = 0.05
    max_backoff_s: float = 1.0


@fast_init
@dataclass(frozen=True, slots=True)
class UpstreamResponse:
    status: int
    body: Any  # parsed JSON, or None for 404


@fast_init
@dataclass(frozen=True, slots=True)
class _Call:
    method: str
    path: str
    params: Mapping[str, str] | None
    headers: dict[str, str]
    data: bytes | str | None
    expected: frozenset[int]
    decoder: msgspec.json.Decoder[Any] | None = None


class UpstreamClient:
    """JSON over HTTP to one upstream, through the app's shared session."""

    def __init__(
        self,
        connector: str,
        session: aiohttp.ClientSession,
        base_url: str,
        timeout_s: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),
        budget: RetryBudget | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.connector = connector
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._timeout_s = timeout_s
        self._retry = retry
        self.budget = budget or BUDGET_SETTINGS.new_budget()
        self._sleep = sleep
        self._jitter = jitter

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
        form: Mapping[str, str] | None = None,
        expected: frozenset[int] = NONE_EXPECTED,
        idempotent: bool = True,
        decoder: msgspec.json.Decoder[Any] | None = None,
    ) -> UpstreamResponse:
        """One call, retried within the client's policy. `expected` statuses come back as
        answers (JSON body) instead of errors; `idempotent=False` retries a 429 only.
        With a `decoder` (msgspec, typed), the body is decoded and checked by it instead
        of becoming dicts: a body of another shape is an UpstreamBadResponse."""
        call = _Call(method, path, params, *_body(headers, json, form), expected, decoder)
        self.budget.record_call()
        attempt = 0
        while True:
            try:
                return await self._once(call)
            except (UpstreamUnavailable, UpstreamTimeout) as exc:
                if not (idempotent or isinstance(exc, UpstreamRateLimited)):
                    raise
                delay = self._delay(exc, attempt)
                if not self._may_retry(attempt, delay):
                    raise
                observer().retry(self.connector)
                await self._sleep(delay)
                attempt += 1

    def _may_retry(self, attempt: int, delay: float) -> bool:
        """Another attempt is worth making: the policy allows one, the deadline leaves time
        for the wait and a real attempt after it, and the budget has a retry to spend
        (asked last, so that a retry refused for other reasons spends nothing)."""
        if attempt + 1 >= self._retry.attempts:
            return False
        left = remaining()
        if left is not None and delay + MIN_ATTEMPT_S > left:
            return False
        return self.budget.try_withdraw()

    def _delay(self, exc: ConnectorError, attempt: int) -> float:
        if isinstance(exc, UpstreamRateLimited):
            return min(exc.retry_after, MAX_RETRY_AFTER_S)
        ceiling = min(self._retry.max_backoff_s, self._retry.backoff_s * (2**attempt))
        return float(ceiling * self._jitter())

    async def _once(self, call: _Call) -> UpstreamResponse:
        where = f"{call.method} {call.path}"
        timeout_s = bounded(self._timeout_s)
        if timeout_s < MIN_ATTEMPT_S:
            raise UpstreamTimeout(self.connector, f"{where}: the request deadline is spent")
        try:
            async with self._session.request(
                call.method,
                self._base_url + call.path,
                params=call.params,
                headers=with_trace_context(call.headers),
                data=call.data,
                timeout=aiohttp.ClientTimeout(total=timeout_s),
            ) as response:
                raw = await response.read()
                return self._interpret(response, raw, call)
        except TimeoutError as exc:
            raise UpstreamTimeout(self.connector, where) from exc
        except aiohttp.ClientError as exc:
            raise UpstreamUnavailable(self.connector, f"{where}: {exc}") from exc

    def _interpret(
        self, response: aiohttp.ClientResponse, raw: bytes, call: _Call
    ) -> UpstreamResponse:
        status = response.status
        refused = status >= 400 and status not in call.expected  # below 400 is an answer
        if refused:
            if status == 404:
                return UpstreamResponse(status, None)
            retry_after = response.headers.get("Retry-After")
            _raise_for(self.connector, status, _where(response), retry_after)
        # The decoder reads the success shape; an expected error status's body stays JSON.
        body = self._decoded(response, raw, call.decoder if status < 300 else None)
        if refused:
            raise UpstreamBadResponse(self.connector, _where(response))
        return UpstreamResponse(status, body)

    def _decoded(
        self,
        response: aiohttp.ClientResponse,
        raw: bytes,
        decoder: msgspec.json.Decoder[Any] | None,
    ) -> Any:
        if not raw:
            return None
        try:
            return orjson.loads(raw) if decoder is None else decoder.decode(raw)
        except msgspec.ValidationError as exc:  # a DecodeError too: caught first
            where = _where(response)
            raise UpstreamBadResponse(self.connector, f"{where}: unexpected shape: {exc}") from exc
        except (orjson.JSONDecodeError, msgspec.DecodeError) as exc:
            where = _where(response)
            raise UpstreamBadResponse(self.connector, f"{where}: malformed JSON") from exc


def _where(response: aiohttp.ClientResponse) -> str:
    """The call, for an error's message: made only when there is one."""
    return f"{response.method} {response.url.path} -> {response.status}"


def _body(
    headers: Mapping[str, str] | None, json: Any, form: Mapping[str, str] | None
) -> tuple[dict[str, str], bytes | str | None]:
    if json is not None and form is not None:
        raise ValueError("a request has a JSON body or a form body, not both")
    send: dict[str, str] = {}
    data: bytes | str | None = None
    if form is not None:
        send["Content-Type"] = "application/x-www-form-urlencoded"
        data = urlencode(dict(form))
    elif json is not None:
        send["Content-Type"] = "application/json"
        data = orjson.dumps(json)
    send.update(headers or {})
    return send, data


def _raise_for(connector: str, status: int, where: str, retry_after: str | None) -> None:
    """The error for a status the caller does not handle itself (none below 400 but 429)."""
    if status == 429:
        raise UpstreamRateLimited(connector, where, _retry_after(retry_after))
    if status == 401:
        raise UpstreamTokenRefused(connector, where)
    if status == 403:
        raise UpstreamAuthError(connector, where)
    if status >= 500:
        raise UpstreamUnavailable(connector, where)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 1.0
    except ValueError:
        return 1.0
