"""Mutation sequences replayed on both executors, each on its own copy of the sample,
compared step by step: the README's click-and-collect flow, a cart's whole life with its
refusals, a checkout and its idempotent repeat, a hold and its cancellation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gateway import examples
from tests.differential.credentials import KEY
from tests.differential.exchange import Request
from tests.differential.pairs import Pair
from tests.differential.sources import README, README_BLOCK
from tests.differential.steps import CART, ORDER, RESERVATION, Sequence

pytestmark = pytest.mark.differential

LINES = "[CartLineInput!]!"
GLOVES = [{"sku": "OC-000002-GRN-M", "quantity": 1}]  # on the shelf in Paris, not online
HISTORY = Request("""{ customer { loyalty { tier pointsBalance rewards { id title pointsCost } }
  reservations { status store { code } } orders(first: 5) { nodes { id number channel } } } }""")


def readme_flow_steps() -> list[str]:
    """Steps 5 to 7 of the README's click-and-collect block, which name `<cart id>` and
    `<store id>` for the reader to fill in."""
    block = next(b for b in README_BLOCK.findall(README.read_text()) if "# 5." in b)
    tail = block[block.index("# 5.") :]
    return [s.strip() for s in re.split(r"\n(?=mutation|\{)", tail) if s.strip()[:1] in "m{"]


async def test_the_readme_click_and_collect_flow(private_pair: Pair) -> None:
    run = Sequence(private_pair)
    bearer = await run.sign_in()
    await run.step(Request(examples.OUT_OF_STOCK_ONLINE))
    options = (await run.step(Request(examples.STORES_WITH_ALL_THREE)))["pickupOptions"]
    store_id = options[0]["store"]["id"]
    await run.step(Request(examples.HOLD_THEM_THERE, {"storeId": store_id}, headers=bearer))
    steps = readme_flow_steps()
    assert len(steps) == 4, steps
    headers = bearer + KEY + (("X-Omnicanal-Channel", "CALL_CENTER"),)
    cart = (await run.step(Request(steps[0], headers=headers)))["cartCreate"]["cart"]
    answers = []
    for text in steps[1:]:
        filled = text.replace("<cart id>", cart["id"]).replace("<store id>", store_id)
        answers.append(await run.step(Request(filled, headers=headers)))
    assert answers[1]["checkoutComplete"]["order"], "the flow reaches an order"
    await run.step(Request(steps[2].replace("<cart id>", cart["id"]), headers=headers))
    assert run.steps == 9


async def test_a_cart_from_creation_to_checkout(private_pair: Pair) -> None:
    run = Sequence(private_pair)
    bearer = await run.sign_in()
    skus = (await run.step(Request(
        "{ products(first: 60, sortKey: BEST_SELLING) { nodes { sku availability { quantityAvailable } } } }"
    )))["products"]["nodes"]  # fmt: skip
    a, b = [n["sku"] for n in skus if (n["availability"]["quantityAvailable"] or 0) >= 5][:2]
    created = await run.mutate(
        "cartCreate", {"lines": "[CartLineInput!]"}, {"lines": [{"sku": a, "quantity": 1}]},
        CART, bearer + KEY, "@inContext(channel: APP)",
    )  # fmt: skip
    cart_id = created["cart"]["id"]
    added = await run.mutate(
        "cartLinesAdd", {"cartId": "ID!", "lines": LINES},
        {"cartId": cart_id, "lines": [{"sku": a, "quantity": 2}, {"sku": b, "quantity": 1}]},
        CART, bearer + KEY,
    )  # fmt: skip
    line_ids = [line["id"] for line in added["cart"]["lines"]]
    await run.mutate(
        "cartLinesUpdate", {"cartId": "ID!", "lines": "[CartLineUpdateInput!]!"},
        {"cartId": cart_id, "lines": [{"id": line_ids[0], "quantity": 4}]}, CART, bearer,
    )  # fmt: skip
    await _refusals(run, cart_id, bearer)
    for codes in (["spring10"], ["APPONLY5"], ["SPRING10", "APPONLY5"]):
        await run.mutate(
            "cartPromotionCodesUpdate", {"cartId": "ID!", "codes": "[String!]!"},
            {"cartId": cart_id, "codes": codes}, CART, bearer,
        )  # fmt: skip
    rewards = (await run.step(HISTORY.with_headers(**dict(bearer))))["customer"]["loyalty"]
    for reward in sorted(rewards["rewards"], key=lambda r: r["pointsCost"]):
        await run.mutate(
            "cartLoyaltyRewardApply", {"cartId": "ID!", "rewardId": "ID!"},
            {"cartId": cart_id, "rewardId": reward["id"]}, CART, bearer,
        )  # fmt: skip
    await run.mutate(
        "cartLinesRemove", {"cartId": "ID!", "lineIds": "[ID!]!"},
        {"cartId": cart_id, "lineIds": line_ids[1:]}, CART, bearer,
    )  # fmt: skip
    checkout = {"cartId": "ID!", "idempotencyKey": "String!"}
    orders = [
        await run.mutate(
            "checkoutComplete", checkout, {"cartId": cart_id, "idempotencyKey": key}, ORDER, bearer
        )
        for key in ("order-1", "order-1", "order-2")  # the repeat is idempotent, then refused
    ]
    assert orders[0]["userErrors"] == [], orders[0]
    assert orders[0]["order"], "the cart became an order"
    await run.step(
        Request("query($id: ID!) { cart(id: $id) { id } }", {"id": cart_id}, headers=bearer)
    )
    await run.step(HISTORY.with_headers(**dict(bearer)))


async def _refusals(run: Sequence, cart_id: str, bearer: tuple[tuple[str, str], ...]) -> None:
    """The user errors of tests/e2e/test_carts.py, which change nothing."""
    add = {"cartId": "ID!", "lines": LINES}
    cases: list[tuple[str, dict[str, str], dict[str, Any]]] = [
        ("cartLinesAdd", add, {"lines": [{"sku": "NOPE-404", "quantity": 1}]}),
        ("cartLinesAdd", add, {"lines": [{"sku": "OC-000003", "quantity": 998}]}),
        ("cartLinesUpdate", {"cartId": "ID!", "lines": "[CartLineUpdateInput!]!"},
         {"lines": [{"id": "Q2FydExpbmU6bm9wZQ", "quantity": 1}]}),
        ("cartPickupStoreSet", {"cartId": "ID!", "storeId": "ID"}, {"storeId": "S999"}),
        ("cartPromotionCodesUpdate", {"cartId": "ID!", "codes": "[String!]!"},
         {"codes": ["NOSUCHCODE", "WINTER2025"]}),
    ]  # fmt: skip
    for field, arguments, variables in cases:
        await run.mutate(field, arguments, {"cartId": cart_id, **variables}, CART, bearer)
    await run.mutate("cartLinesAdd", add, {"cartId": "Q2FydDpub3BlCg", "lines": []}, CART)


async def test_a_hold_repeated_then_cancelled(private_pair: Pair) -> None:
    run = Sequence(private_pair)
    bearer = await run.sign_in()
    await run.step(Request(examples.PICKUP_OPTIONS, {"lines": GLOVES}))
    options = (await run.step(Request(examples.STORES_WITH_ALL_THREE)))["pickupOptions"]
    store_id = options[0]["store"]["id"]
    reserve = {"storeId": "ID!", "lines": LINES, "idempotencyKey": "String!"}
    variables = {"storeId": store_id, "lines": GLOVES, "idempotencyKey": "h-1"}
    held = await run.mutate("pickupReserve", reserve, variables, RESERVATION, bearer)
    await run.mutate("pickupReserve", reserve, variables, RESERVATION, bearer)  # idempotent
    await run.mutate("pickupReserve", reserve, {**variables, "idempotencyKey": "h-2",
                     "lines": [{"sku": GLOVES[0]["sku"], "quantity": 10_000}]}, RESERVATION, bearer)  # fmt: skip
    cancel = {"id": "ID!"}
    reservation_id = held["reservation"]["id"]
    await run.mutate("pickupReservationCancel", cancel, {"id": reservation_id}, RESERVATION)
    await run.mutate("pickupReservationCancel", cancel, {"id": reservation_id}, RESERVATION, bearer)
    await run.mutate("pickupReservationCancel", cancel, {"id": reservation_id}, RESERVATION, bearer)
    await run.step(HISTORY.with_headers(**dict(bearer)))
