"""The emulated PIM's attributes (with the options of its select attributes), families and
family variants (one level, and a two-level one as Akeneo's apparel catalogues use)."""

from __future__ import annotations

from typing import Any

from tests.emulators.akeneo.reference import labels

Raw = dict[str, Any]


def _attribute(code: str, kind: str, fr: str, en: str, loc: bool = False, sco: bool = False) -> Raw:
    return {
        "code": code,
        "type": f"pim_catalog_{kind}",
        "group": "marketing",
        "localizable": loc,
        "scopable": sco,
        "labels": labels(fr, en),
    }


ATTRIBUTES: dict[str, Raw] = {
    a["code"]: a
    for a in (
        _attribute("sku", "identifier", "Référence", "SKU"),
        _attribute("name", "text", "Nom", "Name", loc=True),
        _attribute("description", "textarea", "Description", "Description", loc=True, sco=True),
        _attribute("brand", "text", "Marque", "Brand"),
        _attribute("material", "simpleselect", "Matière", "Material"),
        _attribute("care", "text", "Entretien", "Care", loc=True),
        _attribute("color", "simpleselect", "Couleur", "Colour"),
        _attribute("size", "simpleselect", "Taille", "Size"),
        # An asset URL kept as text: the storefront reads it as is.
        _attribute("image", "text", "Image", "Image"),
    )
}

_OPTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "material": (
        ("cotton", "Coton", "Cotton"),
        ("linen", "Lin", "Linen"),
        ("wool", "Laine", "Wool"),
        ("leather", "Cuir", "Leather"),
        ("canvas", "Toile", "Canvas"),
        ("stoneware", "Grès", "Stoneware"),
        ("plant_wax", "Cire végétale", "Plant wax"),
    ),
    "color": (
        ("blue", "Bleu", "Blue"),
        ("red", "Rouge", "Red"),
        ("black", "Noir", "Black"),
        ("white", "Blanc", "White"),
        ("green", "Vert", "Green"),
    ),
    "size": tuple(
        [(s, s.upper(), s.upper()) for s in ("s", "m", "l", "xl")]
        + [(f"size_{n}", str(n), str(n)) for n in range(39, 43)]
    ),
}
OPTIONS: dict[str, list[Raw]] = {
    attribute: [
        {"code": code, "attribute": attribute, "sort_order": i, "labels": labels(fr, en)}
        for i, (code, fr, en) in enumerate(options)
    ]
    for attribute, options in _OPTIONS.items()
}

_COMMON = ["sku", "name", "description", "brand", "material", "care", "image", "color"]
FAMILIES: dict[str, Raw] = {
    code: {
        "code": code,
        "attribute_as_label": "name",
        "attribute_as_image": "image",
        "attributes": [*_COMMON, "size"]
        if code in ("clothing", "outerwear", "footwear")
        else _COMMON,
        "labels": labels(fr, en),
    }
    for code, fr, en in (
        ("clothing", "Vêtements", "Clothing"),
        ("outerwear", "Vestes", "Outerwear"),
        ("footwear", "Chaussures", "Footwear"),
        ("accessories", "Accessoires", "Accessories"),
        ("home", "Maison", "Home"),
    )
}
FAMILY_VARIANTS: dict[str, list[Raw]] = {
    "clothing": [
        {
            "code": "clothing_color_size",
            "labels": labels("Vêtements par couleur et taille", "Clothing by colour and size"),
            "variant_attribute_sets": [
                {"level": 1, "axes": ["color", "size"], "attributes": ["sku", "image"]}
            ],
        }
    ],
    # Two levels, as Akeneo's own apparel catalogues: a sub-model per colour, then sizes.
    "outerwear": [
        {
            "code": "outerwear_color_size",
            "labels": labels("Vestes par couleur puis taille", "Outerwear by colour then size"),
            "variant_attribute_sets": [
                {"level": 1, "axes": ["color"], "attributes": ["image"]},
                {"level": 2, "axes": ["size"], "attributes": ["sku"]},
            ],
        }
    ],
    "footwear": [
        {
            "code": "footwear_size",
            "labels": labels("Chaussures par pointure", "Footwear by size"),
            "variant_attribute_sets": [{"level": 1, "axes": ["size"], "attributes": ["sku"]}],
        }
    ],
}
