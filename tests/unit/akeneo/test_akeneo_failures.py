"""A failing PIM: 429 and 5xx are retried (Retry-After honoured, attempts bounded) and then
reported as coded errors; a malformed body fails its batch only; unknown keys are None;
the emulator refuses requests that drift from Akeneo's documented API."""

from __future__ import annotations

import time

import pytest
from akeneo_support import CTX, PRODUCTS, Make

from connectors.akeneo import AkeneoConnector
from connectors.akeneo.client import API
from connectors.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from tests.emulators.akeneo import RunningAkeneo

MUG = ["product:MUG-CLASSIC"]


async def test_429_waits_as_long_as_retry_after_says(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.faults.fail_next(1, "429", retry_after="1")
    started = time.monotonic()
    [found] = await connector.products(MUG, CTX)
    assert found is not None
    assert time.monotonic() - started >= 0.95  # Retry-After: 1
    assert akeneo.counts[PRODUCTS] == 2


async def test_429_retries_are_bounded(make: Make, akeneo: RunningAkeneo) -> None:
    connector = await make(retry_attempts=2)
    akeneo.counts.clear()
    akeneo.faults.fail_next(5, "429", retry_after="1")
    with pytest.raises(UpstreamRateLimited) as raised:
        await connector.products(MUG, CTX)
    assert raised.value.retriable
    assert akeneo.counts[PRODUCTS] == 2
    assert akeneo.faults.pending() == 3


async def test_5xx_is_retried_then_reported_unavailable(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.faults.fail_next(2, "503")
    assert (await connector.products(MUG, CTX))[0] is not None
    akeneo.counts.clear()
    akeneo.faults.fail_next(3, "500")
    with pytest.raises(UpstreamUnavailable) as raised:
        await connector.products(MUG, CTX)
    assert raised.value.connector == "pim-eu"
    assert akeneo.counts[PRODUCTS] == 3


async def test_malformed_json_fails_that_batch_only(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.faults.fail_next(1, "malformed")
    with pytest.raises(UpstreamBadResponse):
        await connector.products(MUG, CTX)
    assert akeneo.counts[PRODUCTS] == 1  # not retried: the same answer would come back
    assert (await connector.products(MUG, CTX))[0] is not None


async def test_a_malformed_token_answer_is_a_bad_response(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    akeneo.tokens.expire_all()
    akeneo.faults.fail_next(1, "malformed", prefix="/api/oauth/")
    with pytest.raises(UpstreamBadResponse):
        await connector.products(MUG, CTX)


async def test_unknown_keys_are_none_not_errors(connector: AkeneoConnector) -> None:
    assert await connector.products(["product:NO-SUCH", "model:no_such"], CTX) == [None, None]
    assert await connector.products_by_sku(["NO-SUCH"], CTX) == [None]
    assert await connector.categories(["no_such"], CTX) == [None]


async def test_check_names_a_channel_the_pim_does_not_have(make: Make) -> None:
    await (await make()).check()
    connector = await make(channel_scopes={"KIOSK": "in_store"})
    with pytest.raises(UpstreamAuthError, match="in_store"):
        await connector.check()


async def test_the_emulator_refuses_a_request_that_drifts(connector: AkeneoConnector) -> None:
    # Parameters, filters or limits Akeneo does not document fail loudly, as they would
    # misbehave against a real PIM: a connector drifting from the API cannot pass its tests.
    drifts = [
        {"sort": "name"},
        {"limit": "101"},
        {"search": '{"title":[{"operator":"CONTAINS","value":"mug"}]}'},
        {"search": '{"categories":[{"operator":"BELOW","value":["home"]}]}'},
        {"pagination_type": "cursor"},
    ]
    for params in drifts:
        with pytest.raises(UpstreamBadResponse):
            await connector.client.page(f"{API}/products", params)
    await connector.client.page(f"{API}/products", {"limit": "100"})
