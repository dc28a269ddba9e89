"""OAuth: one password grant, reused; a refresh grant before the token expires or when
Akeneo refuses it (once, whatever the concurrency); the password grant again when the
refresh token is gone; wrong credentials as a configuration error naming the instance."""

from __future__ import annotations

import asyncio

import pytest
from akeneo_support import CTX, INSTANCE, PRODUCTS, Make

from connectors.akeneo import AkeneoConnector
from connectors.errors import UpstreamAuthError
from tests.emulators.akeneo import RunningAkeneo

MUG = ["product:MUG-CLASSIC"]


async def test_one_token_serves_every_call(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    for _ in range(3):
        await connector.products(MUG, CTX)
    assert akeneo.token_calls() == 0  # fetched at start-up, still valid
    assert akeneo.tokens.grants == ["password"]


async def test_a_refused_token_is_refreshed_and_the_call_retried_once(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.tokens.expire_all()
    [found] = await connector.products(MUG, CTX)
    assert found is not None
    assert akeneo.counts[PRODUCTS] == 2  # refused, then served
    assert akeneo.tokens.grants == ["password", "refresh_token"]


async def test_concurrent_calls_share_one_refresh(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.tokens.expire_all()
    found = await asyncio.gather(*(connector.products(MUG, CTX) for _ in range(10)))
    assert all(batch[0] is not None for batch in found)
    # Refresh tokens are single-use: a second refresh would have been refused.
    assert akeneo.tokens.grants == ["password", "refresh_token"]
    assert akeneo.token_calls() == 1


async def test_the_token_is_renewed_before_it_expires(make: Make, akeneo: RunningAkeneo) -> None:
    akeneo.tokens.lifetime_s = 1  # renewed after half its life, before Akeneo refuses it
    connector = await make()
    await asyncio.sleep(0.6)
    await connector.products(MUG, CTX)
    assert akeneo.tokens.grants == ["password", "refresh_token"]
    assert akeneo.counts[PRODUCTS] == 1  # no 401 on the way


async def test_without_a_refresh_token_the_password_grant_is_asked_again(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.tokens.expire_all()
    akeneo.tokens.revoke_refresh_tokens()
    [found] = await connector.products(MUG, CTX)
    assert found is not None
    assert akeneo.tokens.grants == ["password", "password"]


@pytest.mark.parametrize("wrong", ["client_secret", "password"])
async def test_wrong_credentials_are_a_configuration_error(make: Make, wrong: str) -> None:
    with pytest.raises(UpstreamAuthError) as raised:
        await make(**{wrong: "not-it"})
    assert raised.value.connector == INSTANCE
    assert raised.value.code == "UPSTREAM_MISCONFIGURED"
    assert INSTANCE in raised.value.public_message
    assert "not-it" not in str(raised.value)


async def test_a_token_refused_even_after_renewal_is_not_retried_forever(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.tokens.lifetime_s = 0  # every token is born expired
    akeneo.tokens.expire_all()
    with pytest.raises(UpstreamAuthError) as raised:
        await connector.products(MUG, CTX)
    assert raised.value.connector == INSTANCE
    assert akeneo.counts[PRODUCTS] == 2


async def test_a_wrong_base_url_fails_start_up(make: Make, akeneo: RunningAkeneo) -> None:
    with pytest.raises(UpstreamAuthError, match="token endpoint"):
        await make(base_url=akeneo.base_url + "/not-the-pim")
