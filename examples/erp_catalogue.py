"""The composed example's ERP: the Odoo emulator's company, selling the commercetools
catalogue. Its products are the catalogue's variants (internal reference = SKU, list price
= the WEB price in euros) and its one B2B rule is the seed's "Pro -20%" (a global
percentage on the Pro pricelist), so a pro customer pays 80 % of the list price everywhere;
its customers are the seed's, the composed shoppers among them (pro@omnicanal.dev on the
Pro pricelist)."""

from __future__ import annotations

from typing import Any

from tests.emulators.odoo.dataset import Record, seed
from tests.upstreams.commercetools import dataset

PRO_PRICELIST = 3
PRO_PERCENT_OFF = 20
# Template ids of their own, so no template rule of the seed reaches these products.
TEMPLATE_BASE = 1000


def composed_tables() -> dict[str, list[Record]]:
    tables = seed()
    tables["product.product"] = _products()
    tables["product.pricelist.item"] = [
        item for item in tables["product.pricelist.item"] if _is_pro_global(item)
    ]
    return tables


def _products() -> list[Record]:
    variants = [(p, v) for p in dataset.PRODUCTS for v in p.variants]
    return [
        {
            "id": n,
            "default_code": variant.sku,
            "name": product.name_en,
            "display_name": f"[{variant.sku}] {product.name_en}",
            "product_tmpl_id": [TEMPLATE_BASE + product.number, product.name_en],
            "categ_id": [1, "All"],
            "lst_price": variant.eur_cents / 100,
            "standard_price": round(variant.eur_cents * 0.004, 2),
            "active": True,
        }
        for n, (product, variant) in enumerate(variants, start=1)
    ]


def _is_pro_global(item: dict[str, Any]) -> bool:
    pricelist = item.get("pricelist_id")
    owner = pricelist[0] if isinstance(pricelist, list) else pricelist
    return owner == PRO_PRICELIST and item.get("applied_on") == "3_global"
