"""What the seeders hand each other in memory while one database is being generated."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.sample.catalog_words import Department, Leaf, Word


@dataclass(frozen=True, slots=True)
class SeedVariant:
    sku: str
    title: Word
    colour: str | None
    size: str | None


@dataclass(frozen=True, slots=True)
class SeedProduct:
    number: int
    id: str
    department: Department
    department_id: str
    leaf: Leaf
    leaf_id: str
    title: Word
    variants: tuple[SeedVariant, ...]


@dataclass(frozen=True, slots=True)
class SeedPrice:
    """List price of every variant of one product, in cents."""

    eur: int
    gbp: int
