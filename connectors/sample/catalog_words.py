"""Vocabulary the catalogue is generated from: translated words, colours, sizes.

Data is written as "French|English" strings to keep the lists readable; French adjectives
carry both genders because they agree with the noun ("Bêche robuste", "Râteau léger").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class VariantKind(enum.Enum):
    SINGLE = "single"  # one variant
    COLOUR = "colour"  # one variant per colour
    APPAREL = "apparel"  # colour x letter size
    SHOES = "shoes"  # colour x shoe size


@dataclass(frozen=True, slots=True)
class Word:
    fr: str
    en: str


@dataclass(frozen=True, slots=True)
class Noun:
    fr: str
    en: str
    feminine: bool


@dataclass(frozen=True, slots=True)
class Adjective:
    fr: str
    fr_feminine: str
    en: str

    def french(self, feminine: bool) -> str:
        return self.fr_feminine if feminine else self.fr


@dataclass(frozen=True, slots=True)
class Leaf:
    handle: str
    title: Word
    kind: VariantKind
    nouns: tuple[Noun, ...]
    price_eur: tuple[int, int]
    weight_kg: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Department:
    handle: str
    title: Word
    adjectives: tuple[Adjective, ...]
    brands: tuple[str, ...]
    materials: tuple[Word, ...]
    benefits: tuple[Word, ...]
    leaves: tuple[Leaf, ...]


def words(*specs: str) -> tuple[Word, ...]:
    """ "fr|en" strings."""
    return tuple(Word(*spec.split("|")) for spec in specs)


def nouns(*specs: str) -> tuple[Noun, ...]:
    """ "fr|en|m" or "fr|en|f" strings."""
    out = []
    for spec in specs:
        fr, en, gender = spec.split("|")
        out.append(Noun(fr, en, gender == "f"))
    return tuple(out)


def leaf(
    handle: str,
    title: str,
    kind: VariantKind,
    price_eur: tuple[int, int],
    weight_kg: tuple[float, float],
    *noun_specs: str,
) -> Leaf:
    """A leaf category: `title` is "fr|en", `noun_specs` as for `nouns`."""
    fr, en = title.split("|")
    return Leaf(handle, Word(fr, en), kind, nouns(*noun_specs), price_eur, weight_kg)


def adjectives(*specs: str) -> tuple[Adjective, ...]:
    """ "masculine|feminine|en" strings."""
    return tuple(Adjective(*spec.split("|")) for spec in specs)


# Code used in SKUs -> name. Dict order is generation order: keep it stable.
COLOURS: dict[str, Word] = {
    "BLK": Word("Noir", "Black"),
    "WHT": Word("Blanc", "White"),
    "GRY": Word("Gris", "Grey"),
    "NAV": Word("Marine", "Navy"),
    "BLU": Word("Bleu", "Blue"),
    "GRN": Word("Vert", "Green"),
    "RED": Word("Rouge", "Red"),
    "YEL": Word("Jaune", "Yellow"),
    "BEI": Word("Beige", "Beige"),
    "KAK": Word("Kaki", "Khaki"),
    "PNK": Word("Rose", "Pink"),
    "TER": Word("Terracotta", "Terracotta"),
}
APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
SHOE_SIZES = ("37", "38", "39", "40", "41", "42", "43", "44", "45")

# Model lines make titles distinct within a leaf; they are brand words, not translated.
LINES = ("Essentiel", "Confort", "Pro", "Nature", "Urban", "Classic", "Compact", "Max", "Evo")

ATTRIBUTE_LABELS: dict[str, Word] = {
    "material": Word("Matière", "Material"),
    "weight": Word("Poids", "Weight"),
    "warranty": Word("Garantie", "Warranty"),
    "colour": Word("Couleurs", "Colours"),
}
OPTION_NAMES = {"colour": Word("Couleur", "Colour"), "size": Word("Taille", "Size")}
