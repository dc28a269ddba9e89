"""The translated text of one generated product: variants, attributes, description, media."""

from __future__ import annotations

import json
import random

from connectors.sample.catalog_words import (
    APPAREL_SIZES,
    ATTRIBUTE_LABELS,
    COLOURS,
    OPTION_NAMES,
    SHOE_SIZES,
    Department,
    Leaf,
    VariantKind,
    Word,
)

CDN = "https://cdn.omnicanal.dev"
Axis = tuple[str | None, str | None]  # (colour code, size)


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def variant_axes(kind: VariantKind, rng: random.Random) -> list[Axis]:
    colours = list(COLOURS)
    if kind is VariantKind.SINGLE:
        return [(None, None)]
    if kind is VariantKind.COLOUR:
        return [(c, None) for c in rng.sample(colours, rng.randint(1, 4))]
    if kind is VariantKind.APPAREL:
        start = rng.randint(0, 1)  # XS-XL or S-XXL
        sizes = APPAREL_SIZES[start : start + 5]
        return [(c, s) for c in rng.sample(colours, rng.randint(1, 3)) for s in sizes]
    return [(c, s) for c in rng.sample(colours, rng.randint(1, 2)) for s in SHOE_SIZES]


def variant_title(colour: str | None, size: str | None) -> Word:
    if colour is None and size is None:
        return Word("Modèle unique", "Standard")
    parts = [(COLOURS[colour].fr, COLOURS[colour].en)] if colour else []
    parts += [(size, size)] if size else []
    return Word(" / ".join(p[0] for p in parts), " / ".join(p[1] for p in parts))


def variant_options(colour: str | None, size: str | None) -> tuple[str, str]:
    """JSON [[name, value], …] in French and in English."""
    fr: list[list[str]] = []
    en: list[list[str]] = []
    if colour:
        fr.append([OPTION_NAMES["colour"].fr, COLOURS[colour].fr])
        en.append([OPTION_NAMES["colour"].en, COLOURS[colour].en])
    if size:
        fr.append([OPTION_NAMES["size"].fr, size])
        en.append([OPTION_NAMES["size"].en, size])
    return dump(fr), dump(en)


def attributes(
    material: Word, weight_kg: float, warranty_years: int, colours: list[str]
) -> tuple[str, str]:
    """JSON [[code, label, value], …] in French and in English."""
    weight = f"{weight_kg:.1f}"
    values = {
        "material": Word(material.fr, material.en),
        "weight": Word(f"{weight.replace('.', ',')} kg", f"{weight} kg"),
        "warranty": Word(
            f"{warranty_years} an{'s' if warranty_years > 1 else ''}",
            f"{warranty_years} year{'s' if warranty_years > 1 else ''}",
        ),
    }
    if colours:
        values["colour"] = Word(
            ", ".join(COLOURS[c].fr for c in colours), ", ".join(COLOURS[c].en for c in colours)
        )
    labels = ATTRIBUTE_LABELS
    fr = [[code, labels[code].fr, value.fr] for code, value in values.items()]
    en = [[code, labels[code].en, value.en] for code, value in values.items()]
    return dump(fr), dump(en)


def description(title: Word, brand: str, department: Department, material: Word) -> Word:
    first, second = department.benefits[0], department.benefits[1 + len(title.en) % 2]
    return Word(
        f"{title.fr}, signé {brand}. {first.fr} {second.fr} Matière : {material.fr}.",
        f"{title.en}, by {brand}. {first.en} {second.en} Material: {material.en}.",
    )


def media(pid: str, title: Word, count: int) -> tuple[str, str]:
    """JSON [[url, alt], …] in French and in English; the images are shared."""
    urls = [f"{CDN}/products/{pid}/{i}.jpg" for i in range(1, count + 1)]
    fr = [[url, f"{title.fr} — vue {i}"] for i, url in enumerate(urls, 1)]
    en = [[url, f"{title.en} — view {i}"] for i, url in enumerate(urls, 1)]
    return dump(fr), dump(en)


def weight_for(leaf: Leaf, rng: random.Random) -> float:
    low, high = leaf.weight_kg
    return rng.uniform(low, high)
