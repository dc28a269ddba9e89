"""Global IDs, cursors, the commerce context and the small models they rest on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.context import Channel, CommerceContext
from connectors.geo import distance_km
from connectors.models import EarnQuery, GeoPoint, Money
from schema.commerce import ContextOverrides, apply_overrides, store_key
from schema.common import Money as GraphQLMoney
from schema.errors import UserInputError
from schema.ids import from_global_id, offset_after, offset_cursor, to_global_id


def test_global_ids_are_opaque_and_round_trip() -> None:
    gid = to_global_id("Product", "P000123")
    assert "Product" not in gid
    assert "P000123" not in gid
    assert from_global_id(gid) == ("Product", "P000123")
    assert from_global_id(to_global_id("Order", "a:b:c")) == ("Order", "a:b:c")


@pytest.mark.parametrize("junk", ["", "not base64 at all!", "Zm9v", "OlA", "UHJvZHVjdDo"])
def test_foreign_ids_decode_to_nothing(junk: str) -> None:
    assert from_global_id(junk) is None


def test_cursors_are_stable_positions() -> None:
    assert offset_cursor(41) == offset_cursor(41)
    assert offset_after(offset_cursor(41)) == 42
    assert offset_after(None) == 0


@pytest.mark.parametrize("cursor", ["garbage", to_global_id("Product", "1"), offset_cursor(3)[:-2]])
def test_forged_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(UserInputError) as refused:
        offset_after(cursor)
    assert refused.value.code == "INVALID_CURSOR"


def test_currency_follows_the_country_unless_given() -> None:
    base = CommerceContext()
    assert apply_overrides(base, ContextOverrides(country="GB")).currency == "GBP"
    assert apply_overrides(base, ContextOverrides(country="GB", currency="EUR")).currency == "EUR"
    assert apply_overrides(base, ContextOverrides(language="en")).currency == "EUR"
    unknown = apply_overrides(base, ContextOverrides(country="JP"))
    assert (unknown.country, unknown.currency) == ("JP", "EUR"), "no guess for an unknown country"


def test_overrides_keep_what_they_do_not_name() -> None:
    base = CommerceContext(channel=Channel.APP, language="en", customer_group="pro")
    result = apply_overrides(base, ContextOverrides(store=to_global_id("Store", "S003")))
    assert result.channel == Channel.APP
    assert result.language == "en"
    assert result.customer_group == "pro"
    assert result.store_id == "S003"
    assert store_key("S003") == "S003", "a back end's own store id is accepted too"


def test_the_context_is_a_cache_key_and_public_drops_the_customer() -> None:
    alice = CommerceContext().with_customer("alice", "pro")
    assert hash(alice) == hash(CommerceContext().with_customer("alice", "pro"))
    assert alice.public() == CommerceContext(customer_group="pro")
    assert alice != CommerceContext().with_customer("bob", "pro")


def test_money_rounds_half_up_to_cents() -> None:
    assert Money(Decimal("19.905"), "EUR").rounded() == Money(Decimal("19.91"), "EUR")
    assert Money(Decimal("2"), "GBP").rounded().amount == Decimal("2.00")
    assert Money(Decimal("0.125"), "EUR").rounded_amount() == Decimal("0.13")


def test_the_graphql_money_is_the_rounded_amount_in_its_currency() -> None:
    shown = GraphQLMoney.of(Money(Decimal("19.905"), "CHF"))
    assert (shown.amount, shown.currency_code) == (Decimal("19.91"), "CHF")
    assert str(GraphQLMoney.of(Money(Decimal("7"), "EUR")).amount) == "7.00"


def test_distance_on_the_sphere() -> None:
    paris, lyon = GeoPoint(48.8566, 2.3522), GeoPoint(45.7640, 4.8357)
    assert distance_km(paris, paris) == 0
    assert 390 < distance_km(paris, lyon) < 395
    assert distance_km(paris, lyon) == pytest.approx(distance_km(lyon, paris))


def test_points_keys_equal_by_value_hash_equal_and_differ_by_any_part() -> None:
    key = EarnQuery("SKU-1", Money(Decimal("19.90"), "EUR"))
    same = EarnQuery("SKU-1", Money(Decimal("19.9"), "EUR"))  # another scale, same amount
    assert key == same
    assert hash(key) == hash(same)
    assert {key: "points"}[same] == "points"
    others = [
        EarnQuery("SKU-2", Money(Decimal("19.90"), "EUR")),
        EarnQuery("SKU-1", Money(Decimal("19.91"), "EUR")),
        EarnQuery("SKU-1", Money(Decimal("19.90"), "CHF")),
    ]
    table = {key: 0, **{other: i for i, other in enumerate(others, 1)}}
    assert len(table) == 4, "no part of the key is left out"
    assert [table[o] for o in others] == [1, 2, 3]
