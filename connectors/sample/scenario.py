"""The click-and-collect scenario, planted deliberately in the generated data.

A shopper in Paris wants garden shears and two pairs of gloves (sizes M and S) that the
warehouses have run out of (so they cannot be shipped) but that several Paris stores have on
the shelf; the watering can is the control, in stock everywhere. Tests and demos find the
items through these constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from connectors.sample.catalog_words import Word
from connectors.sample.naming import make_sku


@dataclass(frozen=True, slots=True)
class ScenarioProduct:
    key: str
    number: int
    leaf_handle: str
    title: Word
    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    price_eur_cents: int
    price_gbp_cents: int
    material: Word


SCENARIO_PRODUCTS = (
    ScenarioProduct(
        "garden_shears", 1, "garden-tools", Word("Sécateur de jardin", "Garden shears"),
        (), (), 2499, 2199, Word("Acier inoxydable", "Stainless steel"),
    ),
    ScenarioProduct(
        "gardening_gloves", 2, "garden-tools", Word("Gants de jardinage", "Gardening gloves"),
        ("GRN",), ("S", "M", "L"), 1299, 1099, Word("Cuir et coton", "Leather and cotton"),
    ),
    ScenarioProduct(
        "watering_can", 3, "watering", Word("Arrosoir 10 L", "Watering can 10 L"),
        ("GRN", "GRY"), (), 1790, 1599, Word("Polypropylène", "Polypropylene"),
    ),
)  # fmt: skip

SCENARIO_SKUS: dict[str, str] = {
    "garden_shears": make_sku(1),
    "gardening_gloves": make_sku(2, "GRN", "M"),
    "watering_can": make_sku(3, "GRN"),
}
# A second size of the same gloves: the scenario's third SKU, one product per handle above.
SCENARIO_GLOVES_SMALL = make_sku(2, "GRN", "S")
SCENARIO_HANDLES: dict[str, str] = {
    "garden_shears": "garden-shears-1",
    "gardening_gloves": "gardening-gloves-2",
    "watering_can": "watering-can-10-l-3",
}
# Warehouses hold none of these; the Paris stores below do.
SCENARIO_OUT_OF_STOCK_ONLINE = (
    SCENARIO_SKUS["garden_shears"],
    SCENARIO_SKUS["gardening_gloves"],
    SCENARIO_GLOVES_SMALL,
)
# Store id -> quantity for each out-of-stock-online SKU: one Paris store is empty too, so
# "nearest store with stock" is not simply "nearest store".
SCENARIO_PARIS_STOCK: dict[str, int] = {
    "S001": 0,
    "S002": 4,
    "S003": 7,
    "S004": 2,
    "S005": 5,
    "S006": 0,
    "S007": 3,
}
