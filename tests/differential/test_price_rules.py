"""`priceRules` on both executors: the same rules, in every channel, on products and their
variants, for a listing (one price batch per level on the planner) and a product."""

from __future__ import annotations

import pytest

from tests.differential.credentials import DEMO_TOKEN
from tests.differential.exchange import Request
from tests.differential.pairs import Pair
from tests.differential.test_examples import CHANNELS, in_channel

pytestmark = pytest.mark.differential

RULES = "priceRules { kind code title amountOff { amount currencyCode } channel }"
LISTING = Request(
    "{ products(first: 30) { nodes { sku price { amount } "
    + RULES
    + " variants { sku "
    + RULES
    + " } } } }"
)
# A department with the app-only offer, one with the trade price.
SEARCHES = [
    Request(f'{{ products(first: 10, query: "{word}") {{ nodes {{ sku {RULES} }} }} }}')
    for word in ("basket", "meuleuse")
]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_price_rules_are_the_same_on_both_executors(
    pair: Pair, a_store: dict[str, str], channel: str
) -> None:
    for request in (LISTING, *SEARCHES):
        asked = in_channel(request, channel, a_store["code"])
        await pair.same(asked)
        await pair.same(Request(asked.query, asked.variables, headers=asked.headers + DEMO_TOKEN))


async def test_the_app_offer_is_a_rule_restricted_to_the_app(
    pair: Pair, a_store: dict[str, str]
) -> None:
    reply = await pair.standard.send(in_channel(SEARCHES[0], "APP", a_store["code"]))
    rules = [r for n in reply.body["data"]["products"]["nodes"] for r in n["priceRules"]]
    assert {"kind": "CHANNEL", "code": "R-APP-SPORT"}.items() <= next(
        r for r in rules if r["code"] == "R-APP-SPORT"
    ).items()
    assert all(r["channel"] == "APP" for r in rules if r["kind"] == "CHANNEL")
