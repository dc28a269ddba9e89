"""The shared token cache: renewal before expiry, one renewal however many wait, one
re-authorisation on a 401."""

from __future__ import annotations

import asyncio

import pytest

from connectors.errors import UpstreamAuthError, UpstreamBadResponse, UpstreamTokenRefused
from connectors.oauth import Token, TokenCache, read_token


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class Grants:
    """A token endpoint: token-1, token-2, … each living `lifetime_s`."""

    def __init__(self, lifetime_s: float = 3600.0, delay_s: float = 0.0) -> None:
        self.lifetime_s = lifetime_s
        self.delay_s = delay_s
        self.issued = 0

    async def __call__(self) -> Token:
        await asyncio.sleep(self.delay_s)
        self.issued += 1
        return Token(f"token-{self.issued}", self.lifetime_s)


async def test_a_token_is_kept_until_the_margin_before_it_expires() -> None:
    clock, grants = Clock(), Grants(lifetime_s=3600)
    cache = TokenCache(grants, margin_s=300, clock=clock)
    assert await cache.bearer() == "token-1"
    clock.now += 3600 - 301
    assert await cache.bearer() == "token-1"
    clock.now += 2
    assert await cache.bearer() == "token-2", "renewed before it expires"
    assert cache.grants == grants.issued == 2


async def test_a_short_lived_token_is_renewed_halfway() -> None:
    clock, grants = Clock(), Grants(lifetime_s=10)
    cache = TokenCache(grants, margin_s=300, clock=clock)
    await cache.bearer()
    clock.now += 4.9
    assert await cache.bearer() == "token-1"
    clock.now += 0.2
    assert await cache.bearer() == "token-2"


async def test_concurrent_callers_share_one_renewal() -> None:
    clock, grants = Clock(), Grants(delay_s=0.01)
    cache = TokenCache(grants, margin_s=300, clock=clock)
    assert set(await asyncio.gather(*(cache.bearer() for _ in range(20)))) == {"token-1"}
    clock.now += 3600
    assert set(await asyncio.gather(*(cache.bearer() for _ in range(20)))) == {"token-2"}
    assert grants.issued == 2


async def test_discard_renews_only_the_token_refused() -> None:
    grants = Grants()
    cache = TokenCache(grants, margin_s=300, clock=Clock())
    old = await cache.bearer()
    cache.discard(old)
    new = await cache.bearer()
    assert new != old
    cache.discard(old)  # a late refusal of a token already replaced
    assert await cache.bearer() == new
    assert grants.issued == 2


async def test_a_failed_grant_is_asked_again_next_time() -> None:
    calls = 0

    async def fetch() -> Token:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise UpstreamAuthError("x", "refused")
        return Token("ok", 60)

    cache = TokenCache(fetch, margin_s=5)
    with pytest.raises(UpstreamAuthError):
        await cache.bearer()
    assert await cache.bearer() == "ok"


async def test_a_401_renews_and_calls_once_more() -> None:
    grants = Grants()
    cache = TokenCache(grants, margin_s=300, clock=Clock())
    seen: list[str] = []

    async def call(token: str) -> str:
        seen.append(token)
        if token == "token-1":
            raise UpstreamTokenRefused("x", "401")
        return "answer"

    assert await cache.authorised(call) == "answer"
    assert seen == ["token-1", "token-2"]


async def test_refused_twice_is_a_configuration_error() -> None:
    cache = TokenCache(Grants(), margin_s=300, clock=Clock())
    seen: list[str] = []

    async def call(token: str) -> str:
        seen.append(token)
        raise UpstreamTokenRefused("x", "401")

    with pytest.raises(UpstreamAuthError) as raised:
        await cache.authorised(call)
    assert not isinstance(raised.value, UpstreamTokenRefused)
    assert raised.value.connector == "x"
    assert seen == ["token-1", "token-2"]


async def test_a_403_is_not_retried() -> None:
    cache = TokenCache(Grants(), margin_s=300, clock=Clock())
    calls = 0

    async def call(token: str) -> str:
        nonlocal calls
        calls += 1
        raise UpstreamAuthError("x", "403")

    with pytest.raises(UpstreamAuthError):
        await cache.authorised(call)
    assert calls == 1


def test_read_token() -> None:
    assert read_token("x", {"access_token": "a", "expires_in": 60}) == Token("a", 60.0)
    for body in (None, {}, {"access_token": "", "expires_in": 60}, {"access_token": "a"}):
        with pytest.raises(UpstreamBadResponse):
            read_token("x", body)
