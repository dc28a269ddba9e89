"""The checkout's prices as commercetools Set LineItem TotalPrice actions (order_prices)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from connectors.commercetools.order_prices import (
    check_recorded,
    ct_money,
    line_totals,
    price_actions,
)
from connectors.context import Channel
from connectors.errors import PriceChanged
from connectors.models import Money, OrderLine, OrderRequest


def _eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def _line(sku: str, quantity: int, unit: str, total: str) -> OrderLine:
    return OrderLine(sku, sku, quantity, _eur(total), _eur(unit))


def _request(lines: tuple[OrderLine, ...], total: str, discounts: str = "0") -> OrderRequest:
    return OrderRequest(
        "key", "cart-1", Channel.APP, None, lines, _eur(total), _eur(discounts), None, None
    )


def _cart(*items: tuple[str, str, int, int, str], total: int = 0) -> dict[str, Any]:
    """Line items as (id, sku, quantity, unit cents, price mode)."""
    return {
        "id": "cart-1",
        "totalPrice": {"currencyCode": "EUR", "centAmount": total},
        "lineItems": [
            {
                "id": line_id,
                "variant": {"sku": sku},
                "quantity": quantity,
                "priceMode": mode,
                "price": {"value": {"currencyCode": "EUR", "centAmount": cents}},
                "totalPrice": {"currencyCode": "EUR", "centAmount": cents * quantity},
            }
            for line_id, sku, quantity, cents, mode in items
        ],
    }


def test_money_is_sent_in_the_currencys_own_cents() -> None:
    assert ct_money(_eur("16.12")) == {"currencyCode": "EUR", "centAmount": 1612}
    assert ct_money(Money(Decimal("1500"), "JPY"))["centAmount"] == 1500


def test_a_reward_is_spread_over_the_lines_to_the_cent() -> None:
    lines = (_line("A", 1, "10.00", "10.00"), _line("B", 1, "20.00", "20.00"))
    assert line_totals(lines, _eur("29.00")) == [Decimal("9.67"), Decimal("19.33")]
    odd = (_line("A", 1, "1.00", "1.00"),) * 3
    # 1.00 off three equal lines: 0.33 each, the odd cent off the first (ties: first).
    assert line_totals(odd, _eur("2.00")) == [Decimal("0.66"), Decimal("0.67"), Decimal("0.67")]


def test_without_a_reward_the_lines_keep_their_totals() -> None:
    lines = (_line("A", 2, "8.95", "16.11"), _line("B", 1, "5.00", "4.50"))
    assert line_totals(lines, _eur("20.61")) == [Decimal("16.11"), Decimal("4.50")]
    # A total above the lines' (a surcharge) is not invented on the lines.
    assert line_totals(lines, _eur("30.00")) == [Decimal("16.11"), Decimal("4.50")]


def test_every_line_gets_the_checkouts_unit_price_and_total() -> None:
    request = _request(
        (_line("CT-1", 1, "17.91", "16.12"), _line("CT-2", 2, "12.00", "21.60")), "37.72"
    )
    cart = _cart(("l1", "CT-1", 1, 1990, "Platform"), ("l2", "CT-2", 2, 1200, "Platform"))
    actions = price_actions(cart, request)
    assert actions == [
        {
            "action": "setLineItemTotalPrice",
            "lineItemId": "l1",
            "externalTotalPrice": {
                "price": {"currencyCode": "EUR", "centAmount": 1791},
                "totalPrice": {"currencyCode": "EUR", "centAmount": 1612},
            },
        },
        {
            "action": "setLineItemTotalPrice",
            "lineItemId": "l2",
            "externalTotalPrice": {
                "price": {"currencyCode": "EUR", "centAmount": 1200},
                "totalPrice": {"currencyCode": "EUR", "centAmount": 2160},
            },
        },
    ]


def test_lines_already_at_the_checkouts_price_are_left_alone() -> None:
    request = _request((_line("CT-1", 2, "12.00", "24.00"),), "24.00")
    cart = _cart(("l1", "CT-1", 2, 1200, "ExternalTotal"))
    assert price_actions(cart, request) == []


@pytest.mark.parametrize(
    "items",
    [
        (("l1", "CT-1", 3, 1200, "Platform"),),  # another quantity
        (("l1", "CT-1", 2, 1200, "Platform"), ("l2", "CT-9", 1, 100, "Platform")),  # a new line
        (),  # emptied
    ],
)
def test_a_cart_changed_since_it_was_priced_is_refused(
    items: tuple[tuple[str, str, int, int, str], ...],
) -> None:
    request = _request((_line("CT-1", 2, "12.00", "24.00"),), "24.00")
    with pytest.raises(PriceChanged):
        price_actions(_cart(*items), request)


def test_a_cart_commercetools_totals_otherwise_is_refused_with_its_total() -> None:
    request = _request((_line("CT-1", 1, "17.91", "16.12"),), "16.12")
    check_recorded(_cart(total=1612), request)
    with pytest.raises(PriceChanged) as refused:
        check_recorded(_cart(total=1990), request)
    assert refused.value.total == _eur("19.90")


def test_each_line_item_stands_for_one_line_only() -> None:
    twice = (_line("CT-1", 1, "12.00", "12.00"), _line("CT-1", 1, "12.00", "12.00"))
    with pytest.raises(PriceChanged):
        price_actions(_cart(("l1", "CT-1", 1, 1200, "Platform")), _request(twice, "24.00"))
    both = _cart(("l1", "CT-1", 1, 1200, "Platform"), ("l2", "CT-1", 1, 1200, "Platform"))
    assert [a["lineItemId"] for a in price_actions(both, _request(twice, "24.00"))] == ["l1", "l2"]
