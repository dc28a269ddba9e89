"""The connector's pure rules: price selection, discount codes, predicate chunks, and
cart actions planned as commercetools update actions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest

from connectors.commercetools.cart_actions import Plan
from connectors.commercetools.discounts import code_rule, sku_predicate
from connectors.commercetools.query import SKU_IN, field_in, literal
from connectors.commercetools.selection import Selection, select_price
from connectors.models import (
    AddLines,
    CodeStatus,
    LineRequest,
    RemoveLines,
    SetBuyer,
    SetLineQuantities,
    SetPickupStore,
    SetPromotionCodes,
    SetRewards,
)
from tests.unit.commercetools.recorded import FR, load

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _price(cents: int, currency: str = "EUR", **scope: object) -> dict[str, object]:
    price: dict[str, object] = {"value": {"currencyCode": currency, "centAmount": cents}}
    for key, value in scope.items():
        if key in ("customerGroup", "channel"):
            price[key] = {"typeId": key, "id": value}
        else:
            price[key] = value
    return price


PRICES = [
    _price(1000),
    _price(900, "GBP"),
    _price(1050, country="BE"),
    _price(850, customerGroup="b2b"),
    _price(900, channel="app"),
    _price(880, channel="app", country="FR"),
    _price(800, customerGroup="b2b", channel="app"),
]


@pytest.mark.parametrize(
    ("country", "group", "channel", "cents"),
    [
        ("FR", None, None, 1000),  # the unscoped price
        ("BE", None, None, 1050),  # country beats nothing
        ("FR", None, "app", 880),  # channel + country beats channel
        ("DE", None, "app", 900),  # channel
        ("FR", "b2b", None, 850),  # group
        ("FR", "b2b", "app", 800),  # group + channel beats everything here
        ("BE", "b2b", None, 850),  # group beats country
        ("FR", "vip", None, 1000),  # an unknown group gets what everyone gets
    ],
)
def test_price_selection_follows_the_fallback_order(
    country: str, group: str | None, channel: str | None, cents: int
) -> None:
    sel = Selection("fr-FR", "en-GB", "EUR", country, group, channel)
    chosen = select_price(PRICES, sel, NOW)
    assert chosen is not None
    assert chosen["value"]["centAmount"] == cents  # type: ignore[index]


def test_currency_and_validity_are_hard_filters_and_a_dated_price_wins_its_level() -> None:
    sel = Selection("fr-FR", "en-GB", "GBP", "FR")
    assert select_price([_price(1000)], sel, NOW) is None
    sales = [
        _price(1000),
        _price(700, validFrom="2025-05-01T00:00:00Z", validUntil="2025-07-01T00:00:00Z"),
        _price(500, validUntil="2025-05-31T23:59:59Z"),  # over
        _price(400, validFrom="2025-06-02T00:00:00Z"),  # not yet
    ]
    chosen = select_price(sales, Selection("fr-FR", "en-GB", "EUR", "FR"), NOW)
    assert chosen is not None
    assert chosen["value"]["centAmount"] == 700  # type: ignore[index]


def test_a_live_code_with_a_relative_line_discount() -> None:
    rule = code_rule(load("carts_and_orders.json")["discount_code"], FR, NOW)
    assert (rule.code, rule.title, rule.refusal) == ("SPRING10", "Printemps -10 %", None)
    (line,) = rule.rules
    assert line.discount(Decimal("74.70"), 3, "EUR") == Decimal("7.47")
    assert line.fits("anything")


def test_codes_that_cannot_apply_say_why() -> None:
    raw = load("carts_and_orders.json")["discount_code"]
    assert (
        code_rule(raw | {"validUntil": "2025-03-01T00:00:00Z"}, FR, NOW).refusal
        is CodeStatus.EXPIRED
    )
    assert (
        code_rule(raw | {"validFrom": "2025-07-01T00:00:00Z"}, FR, NOW).refusal
        is CodeStatus.NOT_APPLICABLE
    )
    assert code_rule(raw | {"isActive": False}, FR, NOW).refusal is CodeStatus.UNKNOWN
    assert (
        code_rule(raw | {"cartPredicate": 'totalPrice > "50.00 EUR"'}, FR, NOW).refusal
        is CodeStatus.NOT_APPLICABLE
    )
    shipping = raw["cartDiscounts"][0]["obj"] | {"target": {"type": "shipping"}}
    only_shipping = raw | {
        "cartDiscounts": [{"typeId": "cart-discount", "id": "s", "obj": shipping}]
    }
    assert code_rule(only_shipping, FR, NOW).refusal is CodeStatus.NOT_APPLICABLE


def test_absolute_discounts_are_per_unit_and_never_below_zero() -> None:
    raw = load("carts_and_orders.json")["discount_code"]
    cart_discount = raw["cartDiscounts"][0]["obj"] | {
        "value": {
            "type": "absolute",
            "money": [{"currencyCode": "EUR", "centAmount": 500, "fractionDigits": 2}],
        },
        "target": {"type": "lineItems", "predicate": 'sku in ("CT-0001", "CT-0002-M")'},
    }
    rule = code_rule(raw | {"cartDiscounts": [{"obj": cart_discount}]}, FR, NOW)
    (line,) = rule.rules
    assert line.fits("CT-0002-M")
    assert not line.fits("CT-0003")
    assert line.discount(Decimal("30.00"), 3, "EUR") == Decimal("15.00")
    assert line.discount(Decimal("4.00"), 1, "EUR") == Decimal("4.00")
    assert line.discount(Decimal("30.00"), 3, "GBP") == Decimal("0")


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        ("1 = 1", True),
        ("true", True),
        ('sku = "A\\"1"', frozenset({'A"1'})),
        ('sku in ("A", "B")', frozenset({"A", "B"})),
        ('attributes.color = "green"', False),
    ],
)
def test_line_item_predicates(predicate: str, expected: object) -> None:
    assert sku_predicate(predicate) == expected


def test_literals_are_quoted_and_escaped() -> None:
    assert literal('a"b\\c') == '"a\\"b\\\\c"'
    assert field_in("sku")(["A", "B"]) == 'sku in ("A", "B")'
    assert SKU_IN(["A"]) == 'masterVariant(sku in ("A")) or variants(sku in ("A"))'


def test_chunks_hold_at_most_the_count_and_stay_under_the_url_length() -> None:
    keys = [f"K{n:03d}" for n in range(600)]
    by_count = field_in("id").chunks([*keys, keys[0]], 500, 100_000)
    assert [len(c) for c in by_count] == [500, 100], "distinct keys, 500 at most"
    by_length = SKU_IN.chunks(keys, 500, 2_000)
    assert sum(len(c) for c in by_length) == 600
    assert all(len(quote(SKU_IN(chunk), safe="")) <= 2_000 for chunk in by_length)
    assert len(by_length) > 2
    assert field_in("id").chunks(["x" * 5_000], 500, 1_000) == [["x" * 5_000]], "alone"


CART = load("carts_and_orders.json")["cart"]


def test_cart_actions_become_update_actions() -> None:
    plan = Plan(CART, "omnicanal-cart", "c-app")
    updates = plan.add(
        [
            AddLines((LineRequest("CT-0003", 2),)),
            SetLineQuantities((("li-1", 5), ("gone", 1))),
            SetPromotionCodes(("WELCOME",)),
            SetPickupStore(None),
            SetRewards(()),
            SetBuyer("cust-2"),
        ]
    )
    assert updates == [
        {"action": "addLineItem", "sku": "CT-0003", "quantity": 2,
         "distributionChannel": {"typeId": "channel", "id": "c-app"}},
        {"action": "changeLineItemQuantity", "lineItemId": "li-1", "quantity": 5},
        {"action": "removeDiscountCode", "discountCode": {"typeId": "discount-code", "id": "dc-spring"}},
        {"action": "addDiscountCode", "code": "WELCOME"},
        {"action": "setCustomField", "name": "omnicanalPickupStore", "value": None},
        {"action": "setCustomField", "name": "omnicanalRewards", "value": None},
        {"action": "setCustomerId", "customerId": "cust-2"},
    ]  # fmt: skip


def test_removed_lines_are_not_touched_again_and_kept_codes_stay() -> None:
    updates = Plan(CART, "omnicanal-cart", None).add(
        [
            RemoveLines(("li-1",)),
            SetLineQuantities((("li-1", 2),)),
            SetPromotionCodes(("SPRING10",)),
        ]
    )
    assert updates == [{"action": "removeLineItem", "lineItemId": "li-1"}]


def test_a_cart_without_the_type_gets_it_with_the_first_field() -> None:
    untyped = {k: v for k, v in CART.items() if k != "custom"}
    updates = Plan(untyped, "omnicanal-cart", None).add(
        [SetPickupStore("c-lyon"), SetRewards(("R-1", "R-1"))]
    )
    assert updates == [
        {"action": "setCustomType", "type": {"typeId": "type", "key": "omnicanal-cart"},
         "fields": {"omnicanalPickupStore": "c-lyon"}},
        {"action": "setCustomField", "name": "omnicanalRewards", "value": ["R-1"]},
    ]  # fmt: skip
    assert Plan(untyped, "omnicanal-cart", None).add([SetPickupStore(None)]) == [], (
        "nothing to remove"
    )
