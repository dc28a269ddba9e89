"""The emulator's seed: a few products with internal references (default_code), a
category tree, two currencies, and pricelists with one rule of each kind Odoo has (fixed
price, percentage, formula with discount/surcharge/rounding, a pricelist-based formula,
min_quantity, date bounds, every `applied_on` level), warehouses with their quants, and
customer accounts (res.partner with their pricelist). Records are as `search_read` returns
them: many2one fields as [id, display name], empty ones as False."""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]
DATABASE = "omnicanal"
LOGIN, PASSWORD = "api@omnicanal.example", "odoo-api-key"
UID = 2

_CATEGORIES = [(1, "All", False, "1/"), (2, "Shoes", 1, "1/2/"), (3, "Running", 2, "1/2/3/")]
_CATEGORIES += [(4, "Bags", 1, "1/4/")]
# id, default_code, name, template id, category id, lst_price
_PRODUCTS = [
    (1, "SHOE-TRAIL-42", "Trail shoe 42", 1, 3, 99.0),
    (2, "SHOE-CITY-40", "City shoe 40", 2, 2, 69.9),
    (3, "BAG-TOTE", "Tote bag", 3, 4, 29.9),
    (4, "BAG-PACK", "Backpack", 4, 4, 54.0),
    (5, "SOCK-S", "Socks S", 5, 1, 9.9),
    (6, "SOCK-M", "Socks M", 5, 1, 9.9),
    (7, "CAP", "Cap", 7, 1, 19.0),
    (8, "SHOE-RUN-44", "Road runner 44", 8, 3, 120.0),
]
_TEMPLATES = {
    1: "Trail shoe",
    2: "City shoe",
    3: "Tote bag",
    4: "Backpack",
    5: "Socks",
    7: "Cap",
    8: "Road runner",
}
_CURRENCIES = [(1, "EUR", 1.0), (2, "GBP", 0.85)]
_PRICELISTS = [(1, "Retail", 1), (2, "Retail", 2), (3, "Pro", 1), (4, "App", 1)]
# Warehouses: the central one ships online orders, the shops serve click and collect.
# id, code, name, partner id, street, city, zip, country, latitude, longitude
_WAREHOUSES = [
    (
        1,
        "CENTRAL",
        "Central warehouse",
        11,
        "ZI des Bruyères",
        "Orléans",
        "45000",
        "FR",
        47.9029,
        1.9093,
    ),
    (2, "PAR1", "Paris Rivoli", 12, "12 rue de Rivoli", "Paris", "75004", "FR", 48.8556, 2.3588),
    (3, "LYO1", "Lyon Bellecour", 13, "3 place Bellecour", "Lyon", "69002", "FR", 45.7578, 4.832),
    (
        4,
        "MRS1",
        "Marseille Vieux-Port",
        14,
        "8 quai du Port",
        "Marseille",
        "13002",
        "FR",
        43.2965,
        5.3698,
    ),
    (
        5,
        "BDX1",
        "Bordeaux Sainte-Catherine",
        15,
        "40 rue Sainte-Catherine",
        "Bordeaux",
        "33000",
        "FR",
        44.8378,
        -0.5792,
    ),
    (6, "LIL1", "Lille Grand-Place", 16, "1 Grand-Place", "Lille", "59000", "FR", 50.6372, 3.0633),
    (
        7,
        "BRU1",
        "Bruxelles Louise",
        17,
        "5 avenue Louise",
        "Bruxelles",
        "1050",
        "BE",
        50.8333,
        4.3614,
    ),
]
# product id, warehouse id, quantity, reserved quantity (two quants for one pair: two bins)
_QUANTS = [
    (1, 1, 40.0, 5.0),
    (1, 2, 3.0, 1.0),
    (1, 2, 2.0, 0.0),
    (1, 3, 1.0, 1.0),
    (2, 1, 12.0, 12.0),
    (2, 4, 6.0, 0.0),
    (3, 1, 100.0, 0.0),
    (3, 7, 4.0, 0.0),
    (4, 5, 2.0, 0.0),
    (5, 1, 30.0, 2.0),
    (6, 1, 30.0, 0.0),
    (7, 6, 5.0, 0.0),
]


# Customer accounts (res.partner). `property_product_pricelist` is a commercial field:
# Odoo gives a contact its company's pricelist, and answers the computed value per record.
# id, name, email, ref, pricelist id, customer_rank, company id (False: none), active
_CUSTOMERS: list[tuple[int, str, str | bool, str | bool, int, int, int | bool, bool]] = [
    (21, "Camille Martin", "camille.martin@example.com", "C-0021", 3, 3, False, True),
    (22, "Léo Bernard", "Leo.Bernard@Example.COM", "C-0022", 1, 1, False, True),
    (23, "Atelier Dupont", "contact@atelier-dupont.example", "B-0023", 3, 5, False, True),
    (24, "Inès Dupont", "ines@atelier-dupont.example", False, 3, 0, 23, True),
    (25, "Old Account", "old.account@example.com", "C-0025", 3, 1, False, False),
    (26, "Appli Only", "app.only@example.com", "C-0026", 4, 1, False, True),
    # The same address on a supplier's contact and on a customer: the customer is meant.
    (27, "Sam Supplier", "sam@example.com", False, 1, 0, False, True),
    (28, "Sam Lefèvre", "Sam@example.com", "C-0028", 3, 2, False, True),
    (29, "No Email", False, "C-0029", 3, 1, False, True),
    # The composed example's shoppers (the commercetools and sample demo accounts).
    (30, "Demo Customer", "demo@omnicanal.dev", "C-0030", 1, 1, False, True),
    (31, "Pro Buyer", "pro@omnicanal.dev", "B-0031", 3, 4, False, True),
]


def _m2o(table: dict[int, str], key: int | bool) -> list[Any] | bool:
    return [key, table[key]] if isinstance(key, int) and key in table else False


def _item(item_id: int, pricelist: int, applied_on: str, **fields: Any) -> Record:
    names = {p[0]: p[1] for p in _PRICELISTS}
    record: Record = {
        "id": item_id,
        "name": fields.pop("name", f"Rule {item_id}"),
        "pricelist_id": [pricelist, names[pricelist]],
        "applied_on": applied_on,
        "product_id": False,
        "product_tmpl_id": False,
        "categ_id": False,
        "min_quantity": 0.0,
        "date_start": False,
        "date_end": False,
        "compute_price": "fixed",
        "fixed_price": 0.0,
        "percent_price": 0.0,
        "base": "list_price",
        "base_pricelist_id": False,
        "price_discount": 0.0,
        "price_surcharge": 0.0,
        "price_round": 0.0,
        "price_min_margin": 0.0,
        "price_max_margin": 0.0,
        "active": True,
    }
    record.update(fields)
    return record


def _rules() -> list[Record]:
    products = {p[0]: f"[{p[1]}] {p[2]}" for p in _PRODUCTS}
    categories = {c[0]: c[1] for c in _CATEGORIES}
    pricelists = {p[0]: p[1] for p in _PRICELISTS}
    return [
        # Retail EUR: a fixed variant price, a category percentage, a template formula.
        _item(
            10,
            1,
            "0_product_variant",
            product_id=_m2o(products, 1),
            fixed_price=89.0,
            name="Trail shoe launch price",
        ),
        _item(
            11,
            1,
            "2_product_category",
            categ_id=_m2o(categories, 2),
            compute_price="percentage",
            percent_price=10.0,
            name="Shoes -10%",
        ),
        _item(
            12,
            1,
            "1_product",
            product_tmpl_id=_m2o(_TEMPLATES, 5),
            compute_price="formula",
            price_discount=20.0,
            price_round=1.0,
            price_surcharge=-0.01,
            name="Socks .99",
        ),
        # Not for one unit, and out of date: neither applies to a unit price today.
        _item(
            13,
            1,
            "0_product_variant",
            product_id=_m2o(products, 3),
            fixed_price=19.0,
            min_quantity=10.0,
            name="Tote bag by ten",
        ),
        _item(
            14,
            1,
            "3_global",
            compute_price="percentage",
            percent_price=50.0,
            date_start="2020-01-01 00:00:00",
            date_end="2020-01-31 23:59:59",
            name="January 2020 sale",
        ),
        # Retail GBP: list prices converted at the GBP rate, one fixed price in pounds.
        _item(
            20,
            2,
            "0_product_variant",
            product_id=_m2o(products, 7),
            fixed_price=15.0,
            name="Cap in pounds",
        ),
        # Pro: 20% off everything, the bags at a fixed price.
        _item(30, 3, "3_global", compute_price="percentage", percent_price=20.0, name="Pro -20%"),
        _item(
            31,
            3,
            "0_product_variant",
            product_id=_m2o(products, 4),
            fixed_price=40.0,
            name="Pro backpack",
        ),
        # App: the retail price, 5% off, with a margin cap over retail.
        _item(
            40,
            4,
            "3_global",
            compute_price="formula",
            base="pricelist",
            base_pricelist_id=_m2o(pricelists, 1),
            price_discount=5.0,
            price_min_margin=-3.0,
            name="App -5% (at most 3 off)",
        ),
    ]


def _stock() -> dict[str, list[Record]]:
    warehouses = {w[0]: w[2] for w in _WAREHOUSES}
    partners = {w[3]: w[2] for w in _WAREHOUSES}
    products = {p[0]: f"[{p[1]}] {p[2]}" for p in _PRODUCTS}
    locations = {w[0]: f"{w[1]}/Stock" for w in _WAREHOUSES}
    return {
        "stock.warehouse": [
            {
                "id": w,
                "code": code,
                "name": name,
                "partner_id": _m2o(partners, partner),
                "lot_stock_id": _m2o(locations, w),
                "active": True,
            }
            for w, code, name, partner, *_ in _WAREHOUSES
        ],
        "res.partner": [
            {
                "id": partner,
                "name": name,
                "street": street,
                "street2": False,
                "city": city,
                "zip": postcode,
                "country_code": country,
                "partner_latitude": lat,
                "partner_longitude": lon,
                "active": True,
            }
            for _, _, name, partner, street, city, postcode, country, lat, lon in _WAREHOUSES
        ],
        "stock.quant": [
            {
                "id": n,
                "product_id": _m2o(products, product),
                "warehouse_id": _m2o(warehouses, w),
                "location_id": _m2o(locations, w),
                "quantity": qty,
                "reserved_quantity": reserved,
            }
            for n, (product, w, qty, reserved) in enumerate(_QUANTS, start=1)
        ],
    }


def _customers() -> list[Record]:
    pricelists = {p[0]: f"{p[1]} ({'EUR' if p[2] == 1 else 'GBP'})" for p in _PRICELISTS}
    names = {c[0]: c[1] for c in _CUSTOMERS}
    return [
        {
            "id": i,
            "name": name,
            "display_name": f"{names[company]}, {name}" if company is not False else name,
            "email": email,
            # mail's normalised address (lower case), what Odoo itself matches emails on.
            "email_normalized": email.strip().lower() if isinstance(email, str) else False,
            "ref": ref,
            "is_company": any(c[6] == i for c in _CUSTOMERS),
            "parent_id": _m2o(names, company),
            "commercial_partner_id": _m2o(names, i if company is False else company),
            "property_product_pricelist": _m2o(pricelists, pricelist),
            "customer_rank": rank,
            "supplier_rank": 1 if i == 27 else 0,
            "active": active,
        }
        for i, name, email, ref, pricelist, rank, company, active in _CUSTOMERS
    ]


def seed() -> dict[str, list[Record]]:
    """Every model the emulator serves, as fresh mutable records."""
    categories = {c[0]: c[1] for c in _CATEGORIES}
    currencies = {c[0]: c[1] for c in _CURRENCIES}
    stock = _stock()
    stock["res.partner"] += _customers()
    return stock | {
        "product.category": [
            {"id": i, "name": n, "parent_id": _m2o(categories, p), "parent_path": path}
            for i, n, p, path in _CATEGORIES
        ],
        "product.product": [
            {
                "id": i,
                "default_code": code,
                "name": name,
                "display_name": f"[{code}] {name}",
                "product_tmpl_id": _m2o(_TEMPLATES, tmpl),
                "categ_id": _m2o(categories, categ),
                "lst_price": price,
                "standard_price": round(price * 0.4, 2),
                "active": True,
            }
            for i, code, name, tmpl, categ, price in _PRODUCTS
        ],
        "res.currency": [
            {"id": i, "name": n, "rate": r, "rounding": 0.01, "active": True}
            for i, n, r in _CURRENCIES
        ],
        "product.pricelist": [
            {"id": i, "name": n, "currency_id": _m2o(currencies, c), "active": True}
            for i, n, c in _PRICELISTS
        ],
        "product.pricelist.item": _rules(),
    }
