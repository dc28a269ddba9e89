"""Odoo warehouses as omnicanal locations, and stock per SKU from stock.quant.

stock.warehouse records are reference data (read at start-up and every `rules_ttl_s`,
with their partner's address and coordinates); those whose code is in `store_warehouses`
are shops, the others ship online. A SKU's stock is, per warehouse, the sum over its
quants of `quantity - reserved_quantity` (what Odoo can still promise), never below zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.models import Address, GeoPoint, LocationKind, LocationStock, StockLevel, Store
from connectors.odoo.rpc import OdooRpc

WAREHOUSE_FIELDS = ["code", "name", "partner_id"]
PARTNER_FIELDS = ["street", "street2", "city", "zip", "country_code"]
PARTNER_FIELDS += ["partner_latitude", "partner_longitude"]
QUANT_FIELDS = ["product_id", "warehouse_id", "quantity", "reserved_quantity"]


@dataclass(frozen=True, slots=True)
class Warehouses:
    by_odoo_id: Mapping[int, Store]

    def shops(self, country: str) -> list[tuple[int, Store]]:
        """The shops selling to this country with their Odoo ids, in Odoo's order."""
        return [
            (odoo_id, s)
            for odoo_id, s in self.by_odoo_id.items()
            if s.kind is LocationKind.STORE and s.address.country_code == country
        ]

    def stores(self, country: str) -> list[Store]:
        return [store for _, store in self.shops(country)]

    def shipping(self) -> set[int]:
        return {i for i, s in self.by_odoo_id.items() if s.kind is LocationKind.WAREHOUSE}


def store_id(warehouse_id: int) -> str:
    return f"odoo-warehouse-{warehouse_id}"


async def read_warehouses(rpc: OdooRpc, store_codes: Sequence[str]) -> Warehouses:
    """Two calls: the warehouses, then their partners' addresses."""
    rows = await rpc.search_read("stock.warehouse", [], WAREHOUSE_FIELDS, order="id")
    linked = (_m2o_id(row.get("partner_id")) for row in rows)
    partner_ids = sorted({partner for partner in linked if partner is not None})
    partners = await rpc.search_read("res.partner", [("id", "in", partner_ids)], PARTNER_FIELDS)
    addresses = {int(p["id"]): p for p in partners}
    found: dict[int, Store] = {}
    for row in rows:
        partner = _m2o_id(row.get("partner_id"))
        address = addresses.get(partner, {}) if partner is not None else {}
        found[int(row["id"])] = _store(row, address, store_codes)
    return Warehouses(found)


def _m2o_id(value: Any) -> int | None:
    """The id of a many2one as search_read gives it ([id, "name"]; False when empty)."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
        return value[0]
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""  # Odoo sends False for an empty field


def _store(row: Mapping[str, Any], partner: Mapping[str, Any], store_codes: Sequence[str]) -> Store:
    code = _text(row.get("code"))
    return Store(
        id=store_id(int(row["id"])),
        code=code,
        name=_text(row.get("name")) or code,
        address=Address(
            line1=_text(partner.get("street")),
            line2=_text(partner.get("street2")) or None,
            city=_text(partner.get("city")),
            postal_code=_text(partner.get("zip")),
            country_code=_text(partner.get("country_code")).upper(),
        ),
        location=GeoPoint(
            _coordinate(partner.get("partner_latitude"), 90.0),
            _coordinate(partner.get("partner_longitude"), 180.0),
        ),
        kind=LocationKind.STORE if code in store_codes else LocationKind.WAREHOUSE,
    )


def _coordinate(value: Any, bound: float) -> float:
    """Odoo keeps 0.0 where the partner was never geolocated; out of range reads as 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if -bound <= value <= bound else 0.0


def stock_levels(
    products: Mapping[int, str],
    quants: Iterable[Mapping[str, Any]],
    warehouses: Warehouses,
    country: str,
) -> list[StockLevel]:
    """One level per product: online stock from the shipping warehouses, and every shop
    of the country with its quantity (zero included)."""
    available: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for quant in quants:
        product, warehouse = _m2o_id(quant.get("product_id")), _m2o_id(quant.get("warehouse_id"))
        if product is not None and warehouse is not None:
            free = _number(quant.get("quantity")) - _number(quant.get("reserved_quantity"))
            available[product][warehouse] += free
    shops = warehouses.shops(country)
    shipping = warehouses.shipping()
    levels = []
    for product_id, sku in products.items():
        per_warehouse = available.get(product_id, {})
        online = sum(max(0.0, q) for w, q in per_warehouse.items() if w in shipping)
        stores = tuple(
            LocationStock(store.id, int(max(0.0, per_warehouse.get(w, 0.0)))) for w, store in shops
        )
        levels.append(StockLevel(sku, int(online), stores))
    return levels


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


async def read_quants(rpc: OdooRpc, product_ids: list[int], warehouses: Iterable[int]) -> Any:
    domain = [("product_id", "in", product_ids), ("warehouse_id", "in", sorted(warehouses))]
    return await rpc.search_read("stock.quant", domain, QUANT_FIELDS)
