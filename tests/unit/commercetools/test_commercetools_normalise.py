"""commercetools JSON (recorded shapes) to canonical models."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from connectors.commercetools import normalise
from connectors.context import Channel
from connectors.models import (
    CartLine,
    GeoPoint,
    LocationKind,
    LocationStock,
    Money,
    OrderStatus,
    Promotion,
    SelectedOption,
)
from tests.unit.commercetools.recorded import EN, FR, load, ref


def test_a_projection_is_a_product_with_its_sellable_variants() -> None:
    product = normalise.product(load("product_projection.json"), FR, ref())
    assert product is not None
    assert product.id == "9f6c1a7e-3b2d-4c1e-8a55-0d3f1c2b4e61"
    assert (product.handle, product.title) == ("arrosoir-classique", "Arrosoir Classique")
    assert product.description == "Arrosoir Classique de la marque Jardimax."
    assert product.brand == "Jardimax"
    assert [v.sku for v in product.variants] == ["CT-0006-GREEN", "CT-0006-GREY"], "no SKU, no sale"
    assert product.sku == "CT-0006-GREEN"
    assert product.variants[1].options == (SelectedOption("Couleur", "Gris"),)
    assert product.variants[1].title == "Gris"
    assert product.category_ids == ("0b5c61f2-7f8e-4d2a-9a44-1f2e3d4c5b6a",)
    assert product.created_at == datetime(2025, 4, 2, 9, 12, 31, 17000, tzinfo=UTC)


def test_attributes_skip_axes_brand_and_booleans_and_are_labelled() -> None:
    product = normalise.product(load("product_projection.json"), FR, ref())
    assert product is not None
    assert [(a.code, a.label, a.value) for a in product.attributes] == [
        ("capacity", "Contenance (l)", "10"),
        ("material", "Matière", "Acier galvanisé"),
    ]


def test_english_falls_back_to_french_where_a_text_is_missing() -> None:
    product = normalise.product(load("product_projection.json"), EN, ref())
    assert product is not None
    assert (product.handle, product.title) == ("watering-can-classic", "Watering can Classic")
    assert product.description == "Arrosoir Classique de la marque Jardimax."
    assert product.variants[0].options == (SelectedOption("Colour", "Green"),)


def test_enum_keys_are_shown_by_their_label_whatever_the_shape() -> None:
    raw = load("product_projection.json")
    raw["masterVariant"]["attributes"][1]["value"] = "grey"  # the key alone, as some send it
    product = normalise.product(raw, FR, ref())
    assert product is not None
    assert product.variants[0].options == (SelectedOption("Couleur", "Gris"),)


def test_media_of_every_variant_once_with_a_label() -> None:
    product = normalise.product(load("product_projection.json"), FR, ref())
    assert product is not None
    assert [(m.url.rsplit("/", 1)[1], m.alt) for m in product.media] == [
        ("CT-0006-GREEN.jpg", "Arrosoir vert"),
        ("CT-0006-GREY.jpg", "Arrosoir Classique"),
    ]


def test_a_product_without_any_sku_is_not_sellable() -> None:
    raw = load("product_projection.json")
    raw["masterVariant"].pop("sku")
    raw["variants"] = []
    assert normalise.product(raw, FR, ref()) is None


def test_a_category_has_its_parent() -> None:
    raw = {
        "id": "cat-1",
        "key": "garden-tools",
        "name": {"fr-FR": "Outils de jardin", "en-GB": "Garden tools"},
        "slug": {"fr-FR": "outils-de-jardin", "en-GB": "garden-tools"},
        "parent": {"typeId": "category", "id": "cat-0"},
        "ancestors": [{"typeId": "category", "id": "cat-0"}],
    }
    category = normalise.category(raw, EN)
    assert (category.handle, category.title, category.parent_id) == (
        "garden-tools",
        "Garden tools",
        "cat-0",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {
                "type": "centPrecision",
                "currencyCode": "EUR",
                "centAmount": 1490,
                "fractionDigits": 2,
            },
            "14.90",
        ),
        # Some servers get fractionDigits wrong on cart totals; the currency decides.
        (
            {
                "type": "centPrecision",
                "currencyCode": "EUR",
                "centAmount": 9960,
                "fractionDigits": 0,
            },
            "99.60",
        ),
        (
            {
                "type": "centPrecision",
                "currencyCode": "JPY",
                "centAmount": 1490,
                "fractionDigits": 0,
            },
            "1490",
        ),
        (
            {
                "type": "highPrecision",
                "currencyCode": "EUR",
                "centAmount": 1,
                "preciseAmount": 1234,
                "fractionDigits": 4,
            },
            "0.1234",
        ),
    ],
)
def test_money(raw: dict[str, object], expected: str) -> None:
    assert normalise.money(raw).amount == Decimal(expected)


def test_money_that_is_not_an_integer_is_unreadable() -> None:
    with pytest.raises(normalise.UNREADABLE):
        normalise.money({"currencyCode": "EUR", "centAmount": "14.90"})
    with pytest.raises(normalise.UNREADABLE):
        normalise.money({"currencyCode": "EUR", "centAmount": True})


def test_a_discounted_price_is_paid_and_the_value_struck_through() -> None:
    selected = load("product_projection.json")["masterVariant"]["price"]
    price = normalise.price("CT-0006-GREEN", selected, FR, ref())
    assert price.amount == Money(Decimal("10.43"), "EUR")
    assert price.compare_at == Money(Decimal("14.90"), "EUR")
    assert price.promotions == (Promotion("Soldes", None, "Jusqu'à -30 %"),)
    plain = normalise.price("X", {"value": selected["value"]}, FR, ref())
    assert (plain.amount.amount, plain.compare_at, plain.promotions) == (Decimal("14.90"), None, ())


def test_a_channel_with_a_point_is_a_store() -> None:
    channels = load("reference.json")["channels"]
    store = normalise.store(channels[1], FR, LocationKind.STORE)
    assert store is not None
    assert (store.id, store.code, store.name) == (
        "c-lyon",
        "lyon-part-dieu",
        "Omnicanal Lyon Part-Dieu",
    )
    assert store.location == GeoPoint(latitude=45.761, longitude=4.856), "GeoJSON is lng, lat"
    assert (store.address.line1, store.address.line2, store.address.postal_code) == (
        "17 Rue du Docteur Bouchut",
        "Niveau 1",
        "69003",
    )
    assert normalise.store(channels[3], FR, LocationKind.STORE) is None, "no geoLocation"


def test_stock_sums_warehouses_and_unchannelled_entries_online() -> None:
    entries = load("carts_and_orders.json")["inventory"]
    level = normalise.stock_level("CT-0001", entries, ["c-rivoli", "c-lyon"], ["c-saran"])
    assert level.online_quantity == 38 + 2
    assert level.stores == (LocationStock("c-lyon", 0), LocationStock("c-rivoli", 3))


def test_a_customer_in_a_mapped_group() -> None:
    raw = load("carts_and_orders.json")["customer"]
    customer = normalise.customer(raw, ref(), {"b2b": "pro"})
    assert (customer.email, customer.first_name, customer.customer_group) == (
        "pro@omnicanal.dev",
        "Dominique",
        "pro",
    )
    assert normalise.customer(raw, ref(), {}).customer_group == "default"


def test_a_cart_with_its_omnicanal_fields_and_codes() -> None:
    cart = normalise.cart(load("carts_and_orders.json")["cart"], {}, None)
    assert cart.channel is Channel.APP
    assert cart.currency == "EUR"
    assert cart.lines == (CartLine("li-1", "CT-0001", 3),)
    assert cart.promotion_codes == ("SPRING10",)
    assert (cart.pickup_store_id, cart.reward_ids, cart.order_id) == ("c-rivoli", ("R-10",), None)


def test_a_cart_of_another_application_is_a_web_cart() -> None:
    raw = copy.deepcopy(load("carts_and_orders.json")["cart"])
    raw.pop("custom")
    raw["discountCodes"][0]["discountCode"].pop("obj")
    cart = normalise.cart(raw, {"dc-spring": "SPRING10"}, "order-1")
    assert (cart.channel, cart.promotion_codes, cart.order_id) == (
        Channel.WEB,
        ("SPRING10",),
        "order-1",
    )


def test_an_order() -> None:
    order = normalise.order(load("carts_and_orders.json")["order"], EN)
    assert (order.number, order.channel, order.status) == (
        "OC-CF8C67FDD28BF3240128",
        Channel.STORE,
        OrderStatus.READY_FOR_PICKUP,
    )
    assert order.total == Money(Decimal("67.23"), "EUR")
    assert [(line.sku, line.title, line.quantity) for line in order.lines] == [
        ("CT-0001", "Pruning shears Classic", 3)
    ]
    assert (order.pickup_store_id, order.loyalty_points_earned, order.cart_id) == (
        "c-rivoli",
        67,
        "74c15746-b0f5-4c93-b255-9174fd0f8958",
    )


@pytest.mark.parametrize(
    ("order_state", "shipment", "pickup", "status"),
    [
        ("Open", None, False, OrderStatus.PENDING),
        ("Confirmed", None, False, OrderStatus.CONFIRMED),
        ("Confirmed", "Ready", False, OrderStatus.CONFIRMED),
        ("Confirmed", "Ready", True, OrderStatus.READY_FOR_PICKUP),
        ("Confirmed", "Shipped", False, OrderStatus.SHIPPED),
        ("Confirmed", "Delivered", False, OrderStatus.DELIVERED),
        ("Complete", None, False, OrderStatus.DELIVERED),
        ("Cancelled", "Shipped", False, OrderStatus.CANCELLED),
    ],
)
def test_order_status(
    order_state: str, shipment: str | None, pickup: bool, status: OrderStatus
) -> None:
    assert (
        normalise.order_status({"orderState": order_state, "shipmentState": shipment}, pickup)
        is status
    )


def test_unreadable_records_raise_what_the_connector_turns_into_bad_responses() -> None:
    with pytest.raises(normalise.UNREADABLE):
        normalise.product({"id": "x"}, FR, ref())
    with pytest.raises(normalise.UNREADABLE):
        normalise.order({"id": "x", "createdAt": "yesterday", "totalPrice": {}}, FR)
