"""Generates the category tree, the products and their variants."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from connectors.sample import product_text as text
from connectors.sample.catalog_words import LINES, Department, Leaf, Word
from connectors.sample.departments import DEPARTMENTS
from connectors.sample.naming import fold, make_sku, product_id, slugify
from connectors.sample.scenario import SCENARIO_PRODUCTS, ScenarioProduct
from connectors.sample.seed_types import SeedProduct, SeedVariant

PRODUCTS_PER_LEAF = 100
# The data set's "today": fixed, so that generation does not depend on the clock.
REFERENCE_DATE = datetime(2025, 6, 1, tzinfo=UTC)
CATALOG_SPAN = timedelta(days=730)


@dataclass(frozen=True, slots=True)
class LeafRef:
    id: str
    department_id: str
    department: Department
    leaf: Leaf


LeafIndex = dict[str, LeafRef]  # by leaf handle


def seed_catalog(conn: sqlite3.Connection, rng: random.Random) -> list[SeedProduct]:
    leaves = _insert_categories(conn)
    products = [_scenario_product(item, leaves) for item in SCENARIO_PRODUCTS]
    products += _generated_products(rng, leaves, first_number=len(products) + 1)
    conn.executemany(f"INSERT INTO products VALUES ({_marks(21)})", _product_rows(products, rng))
    conn.executemany(f"INSERT INTO variants VALUES ({_marks(7)})", _variant_rows(products))
    return products


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _insert_categories(conn: sqlite3.Connection) -> LeafIndex:
    leaves: LeafIndex = {}
    rows: list[tuple[object, ...]] = []
    for d_pos, department in enumerate(DEPARTMENTS, 1):
        dept_id = f"C{d_pos:02d}"
        rows.append((dept_id, department.handle, None, d_pos, *_pair(department.title)))
        for l_pos, leaf in enumerate(department.leaves, 1):
            leaf_id = f"{dept_id}{l_pos:02d}"
            rows.append((leaf_id, leaf.handle, dept_id, l_pos, *_pair(leaf.title)))
            leaves[leaf.handle] = LeafRef(leaf_id, dept_id, department, leaf)
    conn.executemany("INSERT INTO categories VALUES (?,?,?,?,?,?)", rows)
    return leaves


def _pair(word: Word) -> tuple[str, str]:
    return word.fr, word.en


def _product(number: int, ref: LeafRef, title: Word, axes: list[text.Axis]) -> SeedProduct:
    variants = tuple(
        SeedVariant(make_sku(number, c, s), text.variant_title(c, s), c, s) for c, s in axes
    )
    return SeedProduct(
        number,
        product_id(number),
        ref.department,
        ref.department_id,
        ref.leaf,
        ref.id,
        title,
        variants,
    )


def _scenario_product(item: ScenarioProduct, leaves: LeafIndex) -> SeedProduct:
    axes: list[text.Axis] = [
        (colour, size) for colour in item.colours or (None,) for size in item.sizes or (None,)
    ]
    return _product(item.number, leaves[item.leaf_handle], item.title, axes)


def _generated_products(
    rng: random.Random, leaves: LeafIndex, first_number: int
) -> list[SeedProduct]:
    products: list[SeedProduct] = []
    number = first_number
    for department in DEPARTMENTS:
        for leaf in department.leaves:
            combos = [
                (noun, adj, line)
                for noun in leaf.nouns
                for adj in department.adjectives
                for line in LINES
            ]
            for noun, adj, line in rng.sample(combos, PRODUCTS_PER_LEAF):
                title = Word(
                    f"{noun.fr} {adj.french(noun.feminine)} {line}",
                    f"{adj.en[0].upper()}{adj.en[1:]} {noun.en} {line}",
                )
                axes = text.variant_axes(leaf.kind, rng)
                products.append(_product(number, leaves[leaf.handle], title, axes))
                number += 1
    return products


def _product_rows(products: list[SeedProduct], rng: random.Random) -> Iterator[tuple[object, ...]]:
    scenario_materials = {item.number: item.material for item in SCENARIO_PRODUCTS}
    for p in products:
        brand = rng.choice(p.department.brands)
        material = rng.choice(p.department.materials)
        material = scenario_materials.get(p.number, material)
        colours = list(dict.fromkeys(v.colour for v in p.variants if v.colour))
        attrs = text.attributes(
            material, text.weight_for(p.leaf, rng), rng.choice((1, 2, 2, 3, 5)), colours
        )
        created = REFERENCE_DATE - CATALOG_SPAN * rng.random()
        desc = text.description(p.title, brand, p.department, material)
        search = [
            fold(f"{title} {brand} {leaf} {dept}")
            for title, leaf, dept in (
                (p.title.fr, p.leaf.title.fr, p.department.title.fr),
                (p.title.en, p.leaf.title.en, p.department.title.en),
            )
        ]
        yield (
            p.id, p.number, f"{slugify(p.title.en)}-{p.number}", p.leaf_id, p.department_id,
            p.variants[0].sku, brand, created.replace(microsecond=0).isoformat(),
            int(rng.paretovariate(1.3) * 10), p.title.fr, p.title.en, desc.fr, desc.en,
            *attrs, *text.media(p.id, p.title, rng.randint(1, 4)),
            *search, fold(p.title.fr), fold(p.title.en),
        )  # fmt: skip


def _variant_rows(products: list[SeedProduct]) -> Iterator[tuple[object, ...]]:
    for p in products:
        for position, v in enumerate(p.variants):
            options = text.variant_options(v.colour, v.size)
            yield (v.sku, p.id, position, v.title.fr, v.title.en, *options)
