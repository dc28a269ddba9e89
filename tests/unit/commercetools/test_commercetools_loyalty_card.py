"""The loyalty card number of a commercetools customer: a Custom Field of the customer's
Type, named by `loyalty_card_field`, what `[identity.loyalty] link = "card"` matches."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from connectors.commercetools import normalise
from tests.unit.commercetools.recorded import load, ref

CARD_FIELD = "loyaltyCard"


def _customers() -> dict[str, dict[str, Any]]:
    results = load("customers.json")["customers"]["results"]
    return {raw["email"]: raw for raw in results}


def test_the_signed_in_customer_carries_the_card_trimmed() -> None:
    raw = load("customers.json")["signin_result"]["customer"]
    customer = normalise.customer(raw, ref(), {}, CARD_FIELD)
    assert (customer.email, customer.loyalty_card) == ("demo@omnicanal.dev", "OC1987000001")


def test_the_card_is_read_only_when_a_field_is_named() -> None:
    raw = load("customers.json")["signin_result"]["customer"]
    assert normalise.customer(raw, ref(), {}).loyalty_card is None
    assert normalise.customer(raw, ref(), {}, "memberNumber").loyalty_card is None


@pytest.mark.parametrize(
    "email",
    [
        "pro@omnicanal.dev",  # no custom fields at all
        "blank@omnicanal.dev",  # the field, blank
        "number@omnicanal.dev",  # another Type declares it a Number
        "other-type@omnicanal.dev",  # a Type without the field
    ],
)
def test_no_card_is_none_never_an_error(email: str) -> None:
    customer = normalise.customer(_customers()[email], ref(), {"b2b": "pro"}, CARD_FIELD)
    assert customer.email == email
    assert customer.loyalty_card is None


def test_the_card_field_is_named_by_the_setting() -> None:
    raw = _customers()["other-type@omnicanal.dev"]
    assert normalise.customer(raw, ref(), {}, "memberNumber").loyalty_card == "OC1987000009"


@pytest.mark.parametrize(
    "custom",
    ["garbage", [], {"fields": None}, {"fields": ["OC1"]}, {"fields": {"loyaltyCard": None}}],
)
def test_unreadable_custom_fields_leave_the_customer_readable(custom: Any) -> None:
    raw = copy.deepcopy(load("customers.json")["signin_result"]["customer"])
    raw["custom"] = custom
    customer = normalise.customer(raw, ref(), {}, CARD_FIELD)
    assert (customer.first_name, customer.loyalty_card) == ("Camille", None)
