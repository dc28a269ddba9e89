"""Accounts, members and points: canonical models in key order, None for what Voucherify
does not have, and the calls each batch costs."""

from __future__ import annotations

from decimal import Decimal

from connectors.context import Channel, CommerceContext
from connectors.models import EarnQuery, Money
from tests.emulators.voucherify import RunningVoucherify
from tests.unit.voucherify.support import CUSTOMERS, GET_CARD, LIST_CARDS, Make

CTX = CommerceContext()


async def test_accounts_are_normalised_in_key_order(make: Make) -> None:
    connector = await make()
    keys = ["LC-GAELLE-07", "no-such-card", "LC-ALICE-01", "LC-HUGO-08", "LC-ALICE-01"]
    gaelle, missing, alice, disabled, again = await connector.accounts(keys, CTX)
    assert missing is None
    assert disabled is None, "a disabled card serves no account"
    assert alice is not None
    assert again == alice
    assert (alice.customer_id, alice.card_number, alice.id) == ("LC-ALICE-01",) * 2 + (
        "v_card0000",
    )
    assert (alice.tier, alice.points_balance) == ("SILVER", 850)
    assert gaelle is not None
    assert (gaelle.tier, gaelle.points_balance) == ("GOLD", 7300)
    by_id = {r.id: r for r in alice.rewards}
    assert "rew_coin" not in by_id, "pay-with-points has no cost of its own"
    assert by_id["rew_gift_10"].discount == Decimal("10")
    assert by_id["rew_pct_20"].discount == Decimal("4"), "stated in the reward's metadata"
    assert by_id["rew_delivery"].discount is None
    assert by_id["rew_workshop"].points_cost == 1500
    gold = {r.id: r.points_cost for r in gaelle.rewards}
    assert gold["rew_workshop"] == 1200, "the Gold tier's own cost"
    costs = [r.points_cost for r in gaelle.rewards]
    assert costs == sorted(costs)


async def test_a_card_with_no_tier_reached_is_tier_none(
    make: Make, voucherify: RunningVoucherify
) -> None:
    voucherify.project.tiers = voucherify.project.tiers[1:]
    connector = await make()
    (chloe,) = await connector.accounts(["LC-CHLOE-03"], CTX)
    assert chloe is not None
    assert chloe.tier == "NONE"


async def test_an_account_batch_costs_one_read_per_distinct_card(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make(concurrency=2)
    before = voucherify.calls()
    keys = ["LC-ALICE-01", "LC-BRUNO-02", "LC-CHLOE-03", "LC-BRUNO-02", "nope"]
    found = await connector.accounts(keys, CTX)
    assert [a.card_number if a else None for a in found] == [*keys[:4], None]
    assert voucherify.calls() - before == 4
    assert voucherify.calls(GET_CARD) == 4, "the programme was read at start-up, not again"
    assert await connector.accounts([], CTX) == []
    assert voucherify.calls() - before == 4


async def test_hostile_keys_are_none_without_a_call(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    before = voucherify.calls()
    found = await connector.accounts(["", "x" * 500], CTX)
    assert list(found) == [None, None]
    odd = await connector.accounts(["../tiers", "LC-ALICE-01?x=1", "a b/c"], CTX)
    assert list(odd) == [None, None, None], "codes are one escaped path segment"
    assert voucherify.calls() - before == 3


async def test_members_by_card_and_by_email(make: Make, voucherify: RunningVoucherify) -> None:
    connector = await make()
    cards = await connector.members_by_card(["LC-EMMA-05", "LC-HUGO-08", "LC-NONE"], CTX)
    assert list(cards) == ["LC-EMMA-05", None, None]
    before = voucherify.calls()
    emails = [
        "Bruno.Petit@Example.com",
        "david.leroy@example.com",  # a customer without a card
        "nobody@example.com",
        "not-an-email",
        "bruno.petit@example.com",
    ]
    found = await connector.members_by_email(emails, CTX)
    assert list(found) == ["LC-BRUNO-02", None, None, None, "LC-BRUNO-02"]
    # Per distinct address: one customer search, one card list per customer found.
    assert voucherify.calls(CUSTOMERS) == 3
    assert voucherify.calls(LIST_CARDS) == 2
    assert voucherify.calls() - before == 5


async def test_points_follow_the_earning_rules_and_channel_bonus(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    before = voucherify.calls()
    queries = [
        EarnQuery("A", Money(Decimal("80.00"), "EUR")),
        EarnQuery("B", Money(Decimal("8.99"), "EUR")),
        EarnQuery("C", Money(Decimal("0.50"), "EUR")),
        EarnQuery("D", Money(Decimal("80.00"), "USD")),
    ]
    assert list(await connector.points_for(queries, CTX)) == [80, 8, 0, None]
    store = CommerceContext(channel=Channel.STORE)
    assert list(await connector.points_for(queries, store)) == [160, 16, 0, None]
    assert voucherify.calls() == before, "points come from the rules read at start-up"


async def test_rules_that_do_not_earn_per_unit_are_left_out(
    make: Make, voucherify: RunningVoucherify
) -> None:
    rules = voucherify.project.earning_rules
    rules[0]["expiration_date"] = "2020-01-01T00:00:00Z"  # the base rule has ended
    rules[3]["active"] = True  # the spring promotion: two points per euro
    rules[3]["validation_rule_id"] = "val_only_roses"  # ...on conditions of the cart
    rules[1]["metadata"] = {"channel": ["APP", "KIOSK"]}
    connector = await make()
    queries = [EarnQuery("A", Money(Decimal("10.00"), "EUR"))]
    assert list(await connector.points_for(queries, CTX)) == [0]
    app = CommerceContext(channel=Channel.APP)
    assert list(await connector.points_for(queries, app)) == [10]


async def test_a_signed_in_members_tier_multiplies_points_in_one_call(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    queries = [
        EarnQuery("A", Money(Decimal("80.00"), "EUR")),
        EarnQuery("B", Money(Decimal("9"), "EUR")),
    ]
    gold = CommerceContext(customer_id="oms-0007")  # Voucherify's source_id of the customer
    before = voucherify.calls()
    assert list(await connector.points_for(queries, gold)) == [120, 13]
    assert voucherify.calls() - before == 1
    assert voucherify.calls(LIST_CARDS) == 1
    gold_in_store = CommerceContext(customer_id="oms-0007", channel=Channel.STORE)
    assert list(await connector.points_for(queries, gold_in_store)) == [200, 22]
    silver = CommerceContext(customer_id="oms-0001")
    assert list(await connector.points_for(queries, silver)) == [100, 11]
    stranger = CommerceContext(customer_id="oms-9999")
    assert list(await connector.points_for(queries, stranger)) == [80, 9]
