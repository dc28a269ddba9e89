"""The emulated PIM's catalogue, generated deterministically: 24 product models with 4
variant products each (clothing by colour and size, footwear by size), 2 two-level models
(outerwear: a sub-model per colour, then 2 sizes each) and 54 simple products, 158 products
in all; two simple products and one variant are disabled.

Records are stored as Akeneo stores them: a model or product holds only its own values and
`parent`; the API view (values and categories inherited from its ancestors) is built by
`api_view`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.emulators.akeneo.words import (
    BRANDS,
    CLOTHING_AXES,
    FOOTWEAR_SIZES,
    MEDIA,
    MODEL_KINDS,
    OUTERWEAR,
    SIMPLE_KINDS,
    STYLES,
)

Raw = dict[str, Any]
EPOCH = datetime(2024, 1, 5, 9, 0, tzinfo=UTC)


def _value(data: Any, locale: str | None = None, scope: str | None = None) -> Raw:
    return {"locale": locale, "scope": scope, "data": data}


def text_values(fr: str, en: str, brand: str, material: str, image: str) -> dict[str, list[Raw]]:
    long = {"fr_FR": f"{fr}, pensé pour durer.", "en_US": f"{en}, made to last."}
    return {
        "name": [_value(fr, "fr_FR"), _value(en, "en_US")],
        "description": [
            *(_value(text, loc, "ecommerce") for loc, text in long.items()),
            _value(fr, "fr_FR", "mobile"),
            _value(en, "en_US", "mobile"),
        ],
        "brand": [_value(brand)],
        "material": [_value(material)],
        "care": [_value("Lavage à 30 °C", "fr_FR"), _value("Machine wash at 30 °C", "en_US")],
        "image": [_value(image)],
    }


@dataclass
class Catalogue:
    models: dict[str, Raw] = field(default_factory=dict)
    products: dict[str, Raw] = field(default_factory=dict)

    def _stamp(self, record: Raw) -> Raw:
        # Creation order is the order of insertion, as in a PIM fed by imports.
        at = EPOCH + timedelta(hours=7 * (len(self.models) + len(self.products)))
        record["created"] = at.isoformat()
        record["updated"] = (at + timedelta(days=1)).isoformat()
        return record

    def add_model(self, index: int, kind: tuple[str, ...], style: tuple[str, str, str]) -> None:
        code, family, category, material, fr, en = kind
        model_code = f"{code}_{style[0]}"
        image = f"{MEDIA}/{model_code}/main.jpg"
        values = text_values(
            f"{fr} {style[1]}", f"{style[2]} {en}", BRANDS[index % 4], material, image
        )
        if family == "footwear":
            values["color"] = [_value(("black", "white", "red", "green")[index % 4])]
        variant = "clothing_color_size" if family == "clothing" else "footwear_size"
        model = {"code": model_code, "family": family, "family_variant": variant, "parent": None}
        self.models[model_code] = self._stamp({**model, "categories": [category], "values": values})
        axes = CLOTHING_AXES if family == "clothing" else [(None, s) for s in FOOTWEAR_SIZES]
        for position, (color, size) in enumerate(axes):
            own: dict[str, list[Raw]] = {"size": [_value(size)]}
            if color is not None:
                own["color"] = [_value(color)]
                own["image"] = [_value(f"{MEDIA}/{model_code}/{color}.jpg")]
            suffix = "-".join(p.removeprefix("size_").upper() for p in (color, size) if p)
            # One variant of the fourth model is switched off, as in any live catalogue.
            identifier = f"{model_code.upper().replace('_', '-')}-{suffix}"
            enabled = not (index == 3 and position == 3)
            self.add_product(identifier, family, [], own, enabled=enabled, parent=model_code)

    def add_two_level_model(self, index: int, style: tuple[str, str, str]) -> None:
        code, category, fr, en = OUTERWEAR[0]
        root = f"{code}_{style[0]}"
        values = text_values(
            f"{fr} {style[1]}",
            f"{style[2]} {en}",
            BRANDS[index % 4],
            "canvas",
            f"{MEDIA}/{root}/main.jpg",
        )
        head = {"family": "outerwear", "family_variant": "outerwear_color_size"}
        self.models[root] = self._stamp(
            {"code": root, **head, "parent": None, "categories": [category], "values": values}
        )
        for color in ("green", "red"):
            sub = f"{root}_{color}"
            own = {"color": [_value(color)], "image": [_value(f"{MEDIA}/{root}/{color}.jpg")]}
            self.models[sub] = self._stamp(
                {"code": sub, **head, "parent": root, "categories": [], "values": own}
            )
            for size in ("m", "l"):
                identifier = f"{sub.upper().replace('_', '-')}-{size.upper()}"
                sized = {"size": [_value(size)]}
                self.add_product(identifier, "outerwear", [], sized, parent=sub)

    def add_product(
        self,
        identifier: str,
        family: str,
        categories: list[str],
        values: dict[str, list[Raw]],
        *,
        enabled: bool = True,
        parent: str | None = None,
    ) -> None:
        record = {"identifier": identifier, "enabled": enabled, "family": family, "groups": []}
        values = {"sku": [_value(identifier)], **values}
        record |= {"parent": parent, "categories": categories, "values": values}
        self.products[identifier] = self._stamp(record)


def build() -> Catalogue:
    catalogue = Catalogue()
    models = [(kind, style) for kind in MODEL_KINDS for style in STYLES[:4]]
    for index, (kind, style) in enumerate(models):
        catalogue.add_model(index, kind, style)
    for index, style in enumerate(STYLES[:2]):
        catalogue.add_two_level_model(index, style)
    for index, (kind, style) in enumerate((k, s) for k in SIMPLE_KINDS for s in STYLES):
        code, family, category, material, fr, en = kind
        identifier = f"{code.upper()}-{style[0].upper()}"
        image = f"{MEDIA}/{identifier.lower()}/main.jpg"
        values = text_values(
            f"{fr} {style[1]}", f"{style[2]} {en}", BRANDS[index % 4], material, image
        )
        catalogue.add_product(identifier, family, [category], values, enabled=index not in (7, 40))
    return catalogue


def api_view(catalogue: Catalogue, record: Raw) -> Raw:
    """A product or model as the API shows it: with the values and categories of its
    ancestors (a variant product's model, and that model's own parent)."""
    parent = catalogue.models.get(record["parent"] or "")
    if parent is None:
        return record
    inherited = api_view(catalogue, parent)
    return {
        **record,
        "values": {**inherited["values"], **record["values"]},
        "categories": sorted({*inherited["categories"], *record["categories"]}),
    }
