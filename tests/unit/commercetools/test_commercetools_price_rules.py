"""commercetools prices explain themselves: the selected Price's distribution channel and
customer group, and what its product discount took off, are its rules."""

from __future__ import annotations

import copy
from decimal import Decimal

from connectors.commercetools import normalise
from connectors.context import Channel
from connectors.models import Money, PriceRule, PriceRuleKind
from tests.unit.commercetools.recorded import FR, load, ref


def _selected() -> dict[str, object]:
    price: dict[str, object] = copy.deepcopy(
        load("product_projection.json")["masterVariant"]["price"]
    )
    return price


def test_a_discounted_price_names_its_product_discount_and_what_it_took_off() -> None:
    price = normalise.price("CT-0006-GREEN", _selected(), FR, ref(), Channel.WEB)
    assert price.rules == (
        PriceRule(PriceRuleKind.SALE, "soldes", "Soldes", Money(Decimal("4.47"), "EUR")),
    )
    assert price.amount.amount + price.rules[0].amount_off.amount == Decimal("14.90")  # type: ignore[union-attr]


def test_a_channel_and_group_price_says_so() -> None:
    selected = _selected()
    selected["channel"] = {"typeId": "channel", "id": "c-app"}
    selected["customerGroup"] = {"typeId": "customer-group", "id": "g-b2b"}
    price = normalise.price("CT-0006-GREEN", selected, FR, ref(), Channel.APP)
    kinds = [(r.kind, r.code, r.channel) for r in price.rules]
    assert kinds == [
        (PriceRuleKind.CHANNEL, "app", Channel.APP),
        (PriceRuleKind.CUSTOMER_GROUP, "b2b", None),
        (PriceRuleKind.SALE, "soldes", Channel.APP),
    ], "the discount of a channel's own price reaches that channel only"
    assert price.rules[0].amount_off is None, "a channel price sets the price, it takes nothing off"


def test_a_plain_price_has_no_rule() -> None:
    selected = {"value": _selected()["value"]}
    assert normalise.price("X", selected, FR, ref()).rules == ()
