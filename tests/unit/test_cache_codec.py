"""The shared tier's encoding: every kind of value the cache holds comes back equal (and
of the same types), and bytes that are not one of ours never build anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from connectors import models as m
from connectors.cache_codec import CodecError, decode, encode
from connectors.context import Channel, CommerceContext

EUR = m.Money(Decimal("19.90"), "EUR")
AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
PRODUCT = m.Product(
    id="p1",
    handle="veste-lin",
    title="Veste en lin",
    variants=(m.Variant("SKU-1", "S", (m.SelectedOption("Taille", "S"),)), m.Variant("SKU-2", "M")),
    description="Légère",
    brand=None,
    category_ids=("c1", "c2"),
    attributes=(m.Attribute("color", "Couleur", "bleu"),),
    media=(m.Media("https://img/1.jpg", "face"),),
    created_at=AT,
)
STORE = m.Store(
    id="s1",
    code="PAR-01",
    name="Paris Rivoli",
    address=m.Address("1 rue de Rivoli", "Paris", "75001", "FR", line2="bât. B"),
    location=m.GeoPoint(48.8566, 2.3522),
    opening_hours=("Mo-Sa 10:00-19:00",),
    kind=m.LocationKind.STORE,
)
BLOCK = m.ContentBlock("b1", "editorial", "Titre", "<p>corps</p>", (m.Media("https://v/1"),))

# One value per batch method the cache wraps (connectors/cached.py METHOD_DOMAINS, search,
# all_stores), and the keys that are not strings.
CACHED_VALUES: dict[str, Any] = {
    "products": PRODUCT,
    "categories": m.Category("c1", "vestes", "Vestes", parent_id=None),
    "search": m.ProductPage((PRODUCT,), total_count=1, has_next_page=False),
    "prices": m.Price(
        "SKU-1", EUR, m.Money(Decimal("25.00"), "EUR"), (m.Promotion("Soldes", "HIVER"),)
    ),
    "stock": m.StockLevel("SKU-1", 4, (m.LocationStock("s1", 2), m.LocationStock("s2", 0))),
    "stores": STORE,
    "all_stores": (STORE, STORE),
    "pages": m.Page("pg1", "accueil", "Accueil", (BLOCK,)),
    "product_content": (BLOCK,),
    "customers": m.Customer("cu1", "a@example.com", "Ana", None, "pro"),
    "carts": m.Cart(
        "ca1", Channel.APP, "EUR", (m.CartLine("l1", "SKU-1", 2),), ("HIVER",), "cu1", "s1"
    ),
    "orders": m.Order(
        "o1",
        "1001",
        "cu1",
        Channel.WEB,
        AT,
        m.OrderStatus.READY_FOR_PICKUP,
        (m.OrderLine("SKU-1", "Veste", 1, EUR),),
        EUR,
        "s1",
        40,
        "ca1",
    ),
    "orders_by_customer": (),
    "accounts": m.LoyaltyAccount(
        "la1", "cu1", "4242", "GOLD", 1200, (m.LoyaltyReward("r1", "-5 €", 500, Decimal("5")),)
    ),
    "points_for": 38,
    "missing": None,
    "key:context": CommerceContext(Channel.KIOSK, "BE", "nl", "EUR", "s1", "pro", None),
    "key:search": m.ProductSearch(24, 48, "lin", "c1", m.ProductSort.PRICE, reverse=True),
    "key:earn": m.EarnQuery("SKU-1", EUR),
}


@pytest.mark.parametrize("kind", sorted(CACHED_VALUES))
def test_every_cached_kind_comes_back_equal(kind: str) -> None:
    value = CACHED_VALUES[kind]
    back = decode(encode(value))
    assert back == value
    assert type(back) is type(value)


def test_decimals_and_datetimes_keep_their_exact_type() -> None:
    order = decode(encode(CACHED_VALUES["orders"]))
    assert isinstance(order.total.amount, Decimal)
    assert str(order.total.amount) == "19.90"
    assert order.created_at == AT
    assert order.created_at.tzinfo is not None
    assert order.status is m.OrderStatus.READY_FOR_PICKUP


def test_lists_come_back_as_tuples_so_models_stay_hashable() -> None:
    stores = decode(encode([STORE]))
    assert stores == (STORE,)
    hash(decode(encode(PRODUCT)))


@dataclass(frozen=True)
class NotAModel:
    x: int


@pytest.mark.parametrize("value", [NotAModel(1), {"a": 1}, {1, 2}, object(), b"raw"])
def test_what_is_not_a_canonical_value_is_refused_on_the_way_in(value: Any) -> None:
    with pytest.raises(CodecError):
        encode(value)


@pytest.mark.parametrize(
    "blob",
    [
        b'{"m": "system", "f": {}}',  # a class outside the registry
        b'{"m": "Money", "f": {"amount": {"d": "1"}, "currency": "EUR", "evil": 1}}',
        b'{"e": "Channel", "v": "TELEPATHY"}',
        b'{"d": "not a number"}',
        b'{"t": "yesterday"}',
        b'{"x": 1}',
        b"\x80\x04\x95 pickle",
        b"",
    ],
)
def test_bytes_that_are_not_ours_are_refused_on_the_way_out(blob: bytes) -> None:
    with pytest.raises(CodecError):
        decode(blob)
