"""Every example query the gateway ships, in every channel, signed out and signed in."""

from __future__ import annotations

import pytest

from tests.differential.credentials import DEMO_TOKEN, KEY
from tests.differential.exchange import Request
from tests.differential.pairs import Pair
from tests.differential.sources import Named, shipped_queries

pytestmark = pytest.mark.differential

# WEB is what a request without a key gets; the others need a key that may choose them.
# STORE names a store (its shelf is the stock), the others do not.
CHANNELS = ("WEB", "APP", "STORE", "KIOSK", "CALL_CENTER")
EXAMPLES = shipped_queries()


def in_channel(request: Request, channel: str, store_code: str) -> Request:
    if channel == "WEB":
        return request
    headers = {"X-Omnicanal-Channel": channel}
    if channel == "STORE":
        headers["X-Omnicanal-Store"] = store_code
    return Request(request.query, request.variables, headers=KEY).with_headers(**headers)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
async def test_an_example_gets_the_same_answer(
    pair: Pair, a_store: dict[str, str], example: Named, channel: str
) -> None:
    request = in_channel(example.request, channel, a_store["code"])
    await pair.same(request)
    await pair.same(Request(request.query, request.variables, headers=request.headers + DEMO_TOKEN))
