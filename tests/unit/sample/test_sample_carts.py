"""Carts in the sample OMS: persisted, updated all or nothing, completed by an order."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import aiohttp
import pytest
from sample_support import FakeClock, open_sample, query

from connectors.context import Channel, CommerceContext
from connectors.errors import CartNotFound
from connectors.models import (
    AddLines,
    CartDraft,
    LineRequest,
    RemoveLines,
    SetBuyer,
    SetLineQuantities,
    SetPickupStore,
    SetPromotionCodes,
    SetRewards,
)
from connectors.sample import DEMO_CUSTOMER_ID, SCENARIO_SKUS, SampleConnector

CTX = CommerceContext()
SHEARS, CAN = SCENARIO_SKUS["garden_shears"], SCENARIO_SKUS["watering_can"]
GLOVES = SCENARIO_SKUS["gardening_gloves"]
DRAFT = CartDraft(Channel.WEB, "EUR", lines=(LineRequest(SHEARS, 1), LineRequest(CAN, 2)))


async def test_a_new_cart_has_an_unguessable_id_and_stable_line_ids(
    writable: SampleConnector,
) -> None:
    first, second = await writable.create_cart(DRAFT, CTX), await writable.create_cart(DRAFT, CTX)
    assert re.fullmatch(r"[0-9a-f]{32}", first.id)
    assert first.id != second.id
    assert [(line.sku, line.quantity) for line in first.lines] == [(SHEARS, 1), (CAN, 2)]
    assert all(re.fullmatch(r"CL[0-9a-f]{16}", line.id) for line in first.lines)
    assert (first.channel, first.currency, first.customer_id, first.order_id) == (
        Channel.WEB, "EUR", None, None,
    )  # fmt: skip
    assert await writable.carts([first.id], CTX) == [first]


async def test_a_draft_repeating_a_sku_makes_one_line(writable: SampleConnector) -> None:
    draft = CartDraft(Channel.APP, "GBP", DEMO_CUSTOMER_ID, (LineRequest(CAN, 1),) * 3)
    cart = await writable.create_cart(draft, CTX)
    assert [(line.sku, line.quantity) for line in cart.lines] == [(CAN, 3)]
    assert (cart.channel, cart.currency, cart.customer_id) == (Channel.APP, "GBP", DEMO_CUSTOMER_ID)


async def test_carts_survive_a_restart(
    private_db: Path, session: aiohttp.ClientSession, clock: FakeClock
) -> None:
    before = open_sample(private_db, session, clock)
    await before.start()
    cart = await before.create_cart(DRAFT, CTX)
    cart = await before.update_cart(cart.id, [SetPromotionCodes(("spring10",))], CTX)
    await before.aclose()
    after = open_sample(private_db, session, clock)
    await after.start()
    try:
        assert not after.generated
        assert await after.carts([cart.id], CTX) == [cart]
    finally:
        await after.aclose()


async def test_every_action_applies(writable: SampleConnector) -> None:
    cart = await writable.create_cart(DRAFT, CTX)
    shears, can = cart.lines
    updated = await writable.update_cart(
        cart.id,
        [
            AddLines((LineRequest(SHEARS, 2), LineRequest(GLOVES, 1))),
            SetLineQuantities(((can.id, 5),)),
            SetPromotionCodes((" spring10 ", "SPRING10", "winter2025")),
            SetRewards(("RW02", "RW02", "RW03")),
            SetPickupStore("S003"),
            SetBuyer(DEMO_CUSTOMER_ID),
        ],
        CTX,
    )
    assert [(line.id, line.sku, line.quantity) for line in updated.lines] == [
        (shears.id, SHEARS, 3),  # merged into the existing line
        (can.id, CAN, 5),
        (updated.lines[2].id, GLOVES, 1),
    ]
    assert updated.promotion_codes == ("SPRING10", "WINTER2025")
    assert updated.reward_ids == ("RW02", "RW03")
    assert (updated.pickup_store_id, updated.customer_id) == ("S003", DEMO_CUSTOMER_ID)
    assert await writable.carts([cart.id], CTX) == [updated]


async def test_lines_go_by_quantity_zero_or_by_removal(writable: SampleConnector) -> None:
    cart = await writable.create_cart(DRAFT, CTX)
    cart = await writable.update_cart(cart.id, [AddLines((LineRequest(GLOVES, 1),))], CTX)
    shears, can, gloves = cart.lines
    cart = await writable.update_cart(cart.id, [SetLineQuantities(((shears.id, 0),))], CTX)
    assert [line.id for line in cart.lines] == [can.id, gloves.id]
    cart = await writable.update_cart(cart.id, [RemoveLines((can.id, "CL-gone"))], CTX)
    assert cart.lines == (gloves,)
    cart = await writable.update_cart(
        cart.id, [SetPickupStore(None), SetPromotionCodes(()), SetRewards(())], CTX
    )
    assert (cart.pickup_store_id, cart.promotion_codes, cart.reward_ids) == (None, (), ())


async def test_an_update_applies_all_actions_or_none(writable: SampleConnector) -> None:
    cart = await writable.create_cart(DRAFT, CTX)
    # The last action fails in the database (no such customer): the first ones must not stay.
    doomed = [
        AddLines((LineRequest(GLOVES, 4),)),
        SetLineQuantities(((cart.lines[0].id, 0),)),
        SetPromotionCodes(("SPRING10",)),
        SetBuyer("CU-nobody"),
    ]
    with pytest.raises(sqlite3.IntegrityError):
        await writable.update_cart(cart.id, doomed, CTX)
    assert await writable.carts([cart.id], CTX) == [cart]
    with pytest.raises(ValueError, match="positive"):
        await writable.update_cart(
            cart.id, [SetPickupStore("S001"), AddLines((LineRequest(CAN, 0),))], CTX
        )
    assert await writable.carts([cart.id], CTX) == [cart]


async def test_concurrent_updates_all_count(writable: SampleConnector) -> None:
    cart = await writable.create_cart(CartDraft(Channel.WEB, "EUR"), CTX)
    add_one = [AddLines((LineRequest(CAN, 1),))]
    await asyncio.gather(*(writable.update_cart(cart.id, add_one, CTX) for _ in range(15)))
    final = (await writable.carts([cart.id], CTX))[0]
    assert final is not None
    assert [(line.sku, line.quantity) for line in final.lines] == [(CAN, 15)]


async def test_unknown_carts_cannot_be_updated(writable: SampleConnector) -> None:
    with pytest.raises(CartNotFound):
        await writable.update_cart("0" * 32, [SetPickupStore("S001")], CTX)


async def test_a_completed_cart_is_read_with_its_order_and_no_longer_changes(
    writable: SampleConnector, private_db: Path
) -> None:
    cart = await writable.create_cart(DRAFT, CTX)
    with sqlite3.connect(private_db) as conn:  # as checkout leaves it
        conn.execute(
            "UPDATE carts SET status = 'completed', order_id = 'O000001' WHERE id = ?", [cart.id]
        )
    conn.close()
    completed = (await writable.carts([cart.id], CTX))[0]
    assert completed is not None
    assert completed.order_id == "O000001"
    with pytest.raises(CartNotFound):
        await writable.update_cart(cart.id, [SetPickupStore("S001")], CTX)
    assert query(private_db, "SELECT pickup_store_id FROM carts WHERE id = ?", (cart.id,)) == [
        (None,)
    ]
