"""Seeds the test commercetools project through its HTTP API, as an import job would: a
client-credentials token, then one POST per draft (`dataset.py` says what), in dependency
order. About 550 requests on one keep-alive connection: about two seconds.
"""

from __future__ import annotations

import base64
import http.client
import urllib.parse
from typing import Any

import orjson

from tests.upstreams.commercetools import dataset as d

Json = dict[str, Any]


class SeedError(RuntimeError):
    pass


class Api:
    """Blocking JSON calls to one commercetools project on 127.0.0.1."""

    def __init__(self, port: int, project_key: str = d.PROJECT_KEY) -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._project = project_key
        self._bearer = ""

    def authenticate(self, client_id: str, secret: str) -> None:
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        query = urllib.parse.urlencode(
            {"grant_type": "client_credentials", "scope": f"manage_project:{self._project}"}
        )
        token = self._call("POST", f"/oauth/token?{query}", None, f"Basic {basic}")
        self._bearer = f"Bearer {token['access_token']}"

    def post(self, path: str, body: Json) -> Json:
        return self._call("POST", f"/{self._project}{path}", body, self._bearer)

    def get(self, path: str) -> Json:
        return self._call("GET", f"/{self._project}{path}", None, self._bearer)

    def close(self) -> None:
        self._connection.close()

    def _call(self, method: str, path: str, body: Json | None, auth: str) -> Json:
        headers = {"Authorization": auth, "Content-Type": "application/json"}
        payload = orjson.dumps(body) if body is not None else None
        self._connection.request(method, path, body=payload, headers=headers)
        response = self._connection.getresponse()
        raw = response.read()
        if response.status >= 300:
            raise SeedError(f"{method} {path} -> {response.status}: {raw[:500]!r}")
        answer: Json = orjson.loads(raw)
        return answer


def _ls(fr: str, en: str) -> Json:
    return {"fr-FR": fr, "en-GB": en}


def _ref(type_id: str, key: str) -> Json:
    return {"typeId": type_id, "key": key}


def _money(currency: str, cents: int) -> Json:
    return {"currencyCode": currency, "centAmount": cents}


def seed(api: Api) -> d.Seeded:
    seeded = d.Seeded()
    _reference_data(api, seeded)
    _catalogue(api, seeded)
    _inventory(api)
    _customers_and_orders(api, seeded)
    return seeded


def _reference_data(api: Api, seeded: d.Seeded) -> None:
    group = api.post("/customer-groups", {"key": d.B2B_GROUP, "groupName": "Professionnels"})
    seeded.customer_groups[d.B2B_GROUP] = group["id"]
    for spec in (*d.DISTRIBUTION, *d.SUPPLY):
        seeded.channels[spec.key] = api.post("/channels", _channel(spec))["id"]
    api.post("/types", _cart_type())
    api.post("/types", _customer_type())
    discount = api.post(
        "/product-discounts",
        {
            "key": "soldes",
            "name": {"fr-FR": "Soldes", "en-GB": "Sale"},
            "value": {"type": "external"},
            "predicate": "1 = 1",
            "sortOrder": "0.5",
            "isActive": True,
        },
    )
    seeded.product_discount = discount["id"]
    _discount_codes(api)


def _channel(spec: d.ChannelSpec) -> Json:
    draft: Json = {"key": spec.key, "name": _ls(spec.name, spec.name), "roles": list(spec.roles)}
    if spec.city:
        draft["address"] = {
            "streetName": spec.street,
            "streetNumber": spec.number,
            "postalCode": spec.postal_code,
            "city": spec.city,
            "country": "FR",
        }
    if spec.latitude is not None:
        # GeoJSON order: longitude first.
        draft["geoLocation"] = {"type": "Point", "coordinates": [spec.longitude, spec.latitude]}
    return draft


def _string_field(name: str, label: str) -> Json:
    return {
        "name": name,
        "label": {"en-GB": label},
        "required": False,
        "type": {"name": "String"},
        "inputHint": "SingleLine",
    }


def _customer_type() -> Json:
    return {
        "key": d.CUSTOMER_TYPE,
        "name": {"en-GB": "omnicanal customer fields"},
        "resourceTypeIds": ["customer"],
        "fieldDefinitions": [_string_field(d.LOYALTY_CARD_FIELD, "Loyalty card number")],
    }


def _cart_type() -> Json:
    return {
        "key": d.CART_TYPE,
        "name": {"en-GB": "omnicanal cart and order fields"},
        "resourceTypeIds": ["order"],
        "fieldDefinitions": [
            _string_field("omnicanalChannel", "Sales channel"),
            _string_field("omnicanalPickupStore", "Pickup store (channel id)"),
            {
                "name": "omnicanalRewards",
                "label": {"en-GB": "Loyalty rewards applied"},
                "required": False,
                "type": {"name": "Set", "elementType": {"name": "String"}},
            },
            {
                "name": "omnicanalPointsEarned",
                "label": {"en-GB": "Loyalty points earned"},
                "required": False,
                "type": {"name": "Number"},
            },
        ],
    }


def _discount_codes(api: Api) -> None:
    for code, permyriad, until in ((d.LIVE_CODE, 1000, None), (d.EXPIRED_CODE, 1500, "2025-03-01")):
        cart_discount = api.post(
            "/cart-discounts",
            {
                "key": code.lower(),
                "name": {
                    "fr-FR": f"{code} : -{permyriad // 100} %",
                    "en-GB": f"{code}: -{permyriad // 100}%",
                },
                "value": {"type": "relative", "permyriad": permyriad},
                "cartPredicate": "1 = 1",
                "target": {"type": "lineItems", "predicate": "1 = 1"},
                "sortOrder": f"0.{permyriad}",
                "isActive": True,
                "requiresDiscountCode": True,
            },
        )
        draft: Json = {
            "code": code,
            "name": cart_discount["name"],
            "cartDiscounts": [{"typeId": "cart-discount", "id": cart_discount["id"]}],
            "isActive": True,
        }
        if until:
            draft["validUntil"] = f"{until}T00:00:00.000Z"
        api.post("/discount-codes", draft)


def _catalogue(api: Api, seeded: d.Seeded) -> None:
    api.post("/product-types", _product_type())
    for spec in d.CATEGORIES:
        draft: Json = {
            "key": spec.key,
            "name": _ls(spec.fr, spec.en),
            "slug": _ls(spec.slug_fr, spec.slug_en),
            "orderHint": "0.5",
        }
        if spec.parent:
            draft["parent"] = _ref("category", spec.parent)
        seeded.categories[spec.key] = api.post("/categories", draft)["id"]
    for product in d.PRODUCTS:
        seeded.products[product.key] = api.post("/products", _product(product, seeded))["id"]


def _product_type() -> Json:
    def enum(name: str, label: tuple[str, str], values: list[Json], kind: str) -> Json:
        return {
            "name": name,
            "label": _ls(*label),
            "isRequired": False,
            "isSearchable": True,
            "attributeConstraint": "CombinationUnique",
            "type": {"name": kind, "values": values},
        }

    colors = [{"key": k, "label": _ls(fr, en)} for k, (fr, en) in d.COLORS.items()]
    sizes = sorted({v for t in d.TEMPLATES if t.axis == "size" for v in t.values})
    return {
        "key": "omnicanal-article",
        "name": "Article",
        "description": "Garden and home articles",
        "attributes": [
            {
                "name": "brand",
                "label": _ls("Marque", "Brand"),
                "isRequired": False,
                "isSearchable": True,
                "attributeConstraint": "SameForAll",
                "type": {"name": "text"},
            },
            enum("color", ("Couleur", "Colour"), colors, "lenum"),
            enum("size", ("Taille", "Size"), [{"key": s, "label": s} for s in sizes], "enum"),
        ],
    }


def _product(spec: d.ProductSpec, seeded: d.Seeded) -> Json:
    variants = [_variant(spec, v, seeded) for v in spec.variants]
    return {
        "key": spec.key,
        "productType": _ref("product-type", "omnicanal-article"),
        "name": _ls(spec.name_fr, spec.name_en),
        "slug": _ls(spec.slug_fr, spec.slug_en),
        "description": _ls(
            f"{spec.name_fr} de la marque {spec.brand}.", f"{spec.name_en} by {spec.brand}."
        ),
        "categories": [_ref("category", spec.category)],
        "masterVariant": variants[0],
        "variants": variants[1:],
        "publish": True,
    }


def _variant(spec: d.ProductSpec, variant: d.VariantSpec, seeded: d.Seeded) -> Json:
    attributes: list[Json] = [{"name": "brand", "value": spec.brand}]
    if variant.axis and variant.value:
        attributes.append({"name": variant.axis, "value": variant.value})
    return {
        "sku": variant.sku,
        "key": variant.sku.lower(),
        "prices": _prices(spec, variant, seeded),
        "images": [
            {
                "url": f"{d.CDN}/{variant.sku}.jpg",
                "label": spec.name_fr,
                "dimensions": {"w": 800, "h": 800},
            }
        ],
        "attributes": attributes,
    }


def _prices(spec: d.ProductSpec, variant: d.VariantSpec, seeded: d.Seeded) -> list[Json]:
    eur, gbp = variant.eur_cents, variant.gbp_cents
    base: Json = {"value": _money("EUR", eur)}
    if spec.discounted:
        base["discounted"] = {
            "value": _money("EUR", eur - d.percent(eur, 30)),
            "discount": {"typeId": "product-discount", "id": seeded.product_discount},
        }
    # The unscoped EUR price first: the mock's carts take the first price that fits.
    prices = [base, {"value": _money("GBP", gbp)}]
    if spec.belgian_price:
        prices.append({"value": _money("EUR", eur + 50), "country": "BE"})
    b2b = _ref("customer-group", d.B2B_GROUP)
    prices.append({"value": _money("EUR", eur - d.percent(eur, 15)), "customerGroup": b2b})
    prices.append({"value": _money("GBP", gbp - d.percent(gbp, 15)), "customerGroup": b2b})
    if spec.app_price:
        app = _ref("channel", d.APP_CHANNEL)
        prices.append({"value": _money("EUR", eur - d.percent(eur, 10)), "channel": app})
    return prices


def _inventory(api: Api) -> None:
    for sku_index, sku in enumerate(d.ALL_SKUS):
        for channel_index, channel in enumerate(d.SUPPLY):
            api.post(
                "/inventory",
                {
                    "sku": sku,
                    "quantityOnStock": d.stock(sku_index, channel_index),
                    "supplyChannel": _ref("channel", channel.key),
                },
            )


def _customers_and_orders(api: Api, seeded: d.Seeded) -> None:
    demo = api.post(
        "/customers",
        {
            "email": d.DEMO_EMAIL,
            "password": d.DEMO_PASSWORD,
            "firstName": "Camille",
            "lastName": "Martin",
            "isEmailVerified": True,
            "custom": {
                "type": _ref("type", d.CUSTOMER_TYPE),
                "fields": {d.LOYALTY_CARD_FIELD: d.DEMO_CARD},
            },
        },
    )["customer"]
    seeded.customers[d.DEMO_EMAIL] = demo["id"]
    pro = api.post(
        "/customers",
        {
            "email": d.PRO_EMAIL,
            "password": d.PRO_PASSWORD,
            "firstName": "Dominique",
            "lastName": "Lefèvre",
            "customerGroup": _ref("customer-group", d.B2B_GROUP),
        },
    )["customer"]
    if not pro.get("customerGroup"):
        # The mock drops `customerGroup` from customer drafts; the update action works.
        action = {
            "action": "setCustomerGroup",
            "customerGroup": _ref("customer-group", d.B2B_GROUP),
        }
        api.post(f"/customers/{pro['id']}", {"version": pro["version"], "actions": [action]})
    seeded.customers[d.PRO_EMAIL] = pro["id"]
    for order in d.DEMO_ORDERS:
        cart = api.post(
            "/carts",
            {
                "currency": "EUR",
                "country": "FR",
                "customerId": demo["id"],
                "customerEmail": d.DEMO_EMAIL,
                "lineItems": [{"sku": sku, "quantity": qty} for sku, qty in order.lines],
                "custom": {
                    "type": _ref("type", d.CART_TYPE),
                    "fields": {"omnicanalChannel": order.channel},
                },
            },
        )
        placed = api.post(
            "/orders",
            {
                "cart": {"typeId": "cart", "id": cart["id"]},
                "version": cart["version"],
                "orderNumber": order.number,
            },
        )
        seeded.orders[order.number] = placed["id"]
