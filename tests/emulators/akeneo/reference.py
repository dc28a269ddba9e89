"""The emulated PIM's locales, channels and category tree, in Akeneo's standard format
(codes are `[a-z0-9_]`, labels keyed by locale). Attributes and families: `attributes`."""

from __future__ import annotations

from typing import Any

Raw = dict[str, Any]

LOCALES = ("en_US", "fr_FR")
# Both channels publish the master tree; `mobile` carries the short descriptions.
CHANNELS: dict[str, Raw] = {
    code: {
        "code": code,
        "currencies": ["EUR"],
        "locales": list(LOCALES),
        "category_tree": "master",
        "labels": names,
    }
    for code, names in (
        ("ecommerce", {"en_US": "E-commerce", "fr_FR": "E-commerce"}),
        ("mobile", {"en_US": "Mobile", "fr_FR": "Mobile"}),
    )
}


def labels(fr: str, en: str) -> dict[str, str]:
    return {"en_US": en, "fr_FR": fr}


# Depth-first, which is Akeneo's `root/left` order for category listings.
_TREE: tuple[tuple[str, str | None, str, str], ...] = (
    ("master", None, "Catalogue principal", "Master catalog"),
    ("clothing", "master", "Vêtements", "Clothing"),
    ("clothing_tops", "clothing", "Hauts", "Tops"),
    ("clothing_knitwear", "clothing", "Pulls", "Knitwear"),
    ("clothing_trousers", "clothing", "Pantalons", "Trousers"),
    ("clothing_shirts", "clothing", "Chemises", "Shirts"),
    ("clothing_outerwear", "clothing", "Vestes", "Outerwear"),
    ("footwear", "master", "Chaussures", "Footwear"),
    ("footwear_sneakers", "footwear", "Baskets", "Sneakers"),
    ("footwear_boots", "footwear", "Bottines", "Boots"),
    ("accessories", "master", "Accessoires", "Accessories"),
    ("accessories_bags", "accessories", "Sacs", "Bags"),
    ("accessories_caps", "accessories", "Casquettes", "Caps"),
    ("accessories_scarves", "accessories", "Écharpes", "Scarves"),
    ("home", "master", "Maison", "Home"),
    ("home_tableware", "home", "Arts de la table", "Tableware"),
    ("home_textiles", "home", "Linge de maison", "Home textiles"),
    ("home_candles", "home", "Bougies", "Candles"),
)
CATEGORIES: dict[str, Raw] = {
    code: {
        "code": code,
        "parent": parent,
        "updated": "2024-01-02T08:00:00+00:00",
        "labels": labels(fr, en),
    }
    for code, parent, fr, en in _TREE
}


def descendants(code: str) -> set[str]:
    """The category and every category below it."""
    found = {code}
    for child, parent, _, _ in _TREE:
        if parent in found:
            found.add(child)
    return found
