"""Micro-benchmark of the canonical models: µs per record to build each hot model, and to
normalise one upstream record into models, for each connector.

    python -m bench.models [--repeat 5] [--json bench/results/models.json]
                           [--baseline bench/results/models-before.json]

Records are the realistic JSON the connectors' own tests use: the bench emulator's data
(bench/data.py), the Akeneo and Odoo test emulators' datasets (tests/emulators/), the
recorded commercetools and Strapi answers (tests/unit/<connector>/recorded/). Each case is
timed with `timeit` (autoranged to ≥ 0.2 s a run, best of `--repeat` runs), in-process, no
network. `--baseline` adds the figures of an earlier `--json` and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import timeit
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import orjson

from connectors import models as m
from connectors.context import Channel

Case = tuple[str, str, Callable[[], object]]  # group, name, one record's work
ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "unit"


# --- building the hot models from Python values -----------------------------------------


def build_product() -> m.Product:
    """A listing product as the connectors build it: 3 variants of 2 options, 3
    attributes, 2 media."""
    return m.Product(
        id="p0001",
        handle="veste-lin-bleu",
        title="Veste en lin bleu",
        variants=tuple(
            m.Variant(
                f"SKU-0001-{size}",
                f"Bleu / {size}",
                (m.SelectedOption("Couleur", "Bleu"), m.SelectedOption("Taille", size)),
            )
            for size in ("S", "M", "L")
        ),
        description="Veste légère, pensée pour durer.",
        brand="Atelier Nord",
        category_ids=("vestes", "homme"),
        attributes=(
            m.Attribute("material", "Matière", "Lin"),
            m.Attribute("care", "Entretien", "Lavage à 30 °C"),
            m.Attribute("origin", "Origine", "France"),
        ),
        media=(m.Media("https://cdn/p0001/1.jpg", "face"), m.Media("https://cdn/p0001/2.jpg")),
        created_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )


def build_product_dicts() -> dict[str, Any]:
    """The same product as plain dicts and tuples: the floor for any model."""
    return {
        "id": "p0001",
        "handle": "veste-lin-bleu",
        "title": "Veste en lin bleu",
        "variants": tuple(
            {
                "sku": f"SKU-0001-{size}",
                "title": f"Bleu / {size}",
                "options": (
                    {"name": "Couleur", "value": "Bleu"},
                    {"name": "Taille", "value": size},
                ),
            }
            for size in ("S", "M", "L")
        ),
        "description": "Veste légère, pensée pour durer.",
        "brand": "Atelier Nord",
        "category_ids": ("vestes", "homme"),
        "attributes": (
            {"code": "material", "label": "Matière", "value": "Lin"},
            {"code": "care", "label": "Entretien", "value": "Lavage à 30 °C"},
            {"code": "origin", "label": "Origine", "value": "France"},
        ),
        "media": (
            {"url": "https://cdn/p0001/1.jpg", "alt": "face"},
            {"url": "https://cdn/p0001/2.jpg", "alt": None},
        ),
        "created_at": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    }


PAID, LISTED = Decimal("47.92"), Decimal("59.90")


def build_price() -> m.Price:
    return m.Price(
        "SKU-0001-M",
        m.Money(PAID, "EUR"),
        m.Money(LISTED, "EUR"),
        (m.Promotion("-20 % printemps", "PRINTEMPS20"),),
    )


def build_stock() -> m.StockLevel:
    return m.StockLevel(
        "SKU-0001-M", 12, tuple(m.LocationStock(f"store-{i}", i % 4) for i in range(6))
    )


def build_store() -> m.Store:
    return m.Store(
        id="store-1",
        code="PAR-01",
        name="Paris Rivoli",
        address=m.Address("12 rue de Rivoli", "Paris", "75004", "FR"),
        location=m.GeoPoint(48.8556, 2.3588),
        opening_hours=("Mo-Sa 10:00-19:00", "Su 11:00-18:00"),
    )


def build_content_block() -> m.ContentBlock:
    return m.ContentBlock(
        "blk-0001-hero",
        "hero",
        "Veste en lin bleu",
        "Livraison offerte dès 50 €.",
        (m.Media("https://cdn/c/0001-hero.jpg", "Veste en lin"),),
    )


def model_cases() -> list[Case]:
    return [
        ("build", "Product (3 variants, 3 attributes, 2 media)", build_product),
        ("build", "  same product as plain dicts (reference)", build_product_dicts),
        ("build", "Price (compare_at, 1 promotion)", build_price),
        ("build", "StockLevel (6 stores)", build_stock),
        ("build", "Store (address, geo)", build_store),
        ("build", "ContentBlock (1 media)", build_content_block),
    ]


# --- one upstream record through each connector's normalisation ---------------------------


def bench_cases() -> list[Case]:
    from bench import data, normalise, shapes
    from bench.emulator import _PUBLIC_PRODUCTS

    product = _PUBLIC_PRODUCTS[data.PRODUCTS[1]["uuid"]]
    sku = data.product_sku(1)
    price = data.price_record(sku, "EUR", "default", "WEB")
    stock, content = data.stock_record(sku), data.content_record(data.product_id(1))
    assert price is not None
    assert stock is not None
    assert content is not None
    location = data.location_record(data.STORES[0])
    # The hot records are decoded into typed rows and normalised from them, as the bench
    # connector does: each case times both, from the record's JSON bytes.
    product_json, price_json, stock_json = (orjson.dumps(r) for r in (product, price, stock))
    product_row = msgspec.json.Decoder(shapes.ProductRow)
    price_row = msgspec.json.Decoder(shapes.PriceRow)
    stock_row = msgspec.json.Decoder(shapes.StockRow)
    return [
        ("bench", "product", lambda: normalise.product(product_row.decode(product_json), "fr")),
        ("bench", "price", lambda: normalise.price(price_row.decode(price_json))),
        ("bench", "stock", lambda: normalise.stock(stock_row.decode(stock_json))),
        ("bench", "store", lambda: normalise.store(location)),
        ("bench", "content block", lambda: normalise.content_block(content["blocks"][0])),
    ]


def akeneo_cases() -> list[Case]:
    from connectors.akeneo import normalise
    from connectors.akeneo.settings import ValueSelection
    from connectors.akeneo.structure import Structure
    from connectors.akeneo.values import ValueReader
    from tests.emulators.akeneo import attributes, catalogue

    structure = Structure(
        attributes=attributes.ATTRIBUTES,
        options={
            (code, option["code"]): option["labels"]
            for code, options in attributes.OPTIONS.items()
            for option in options
        },
        levels={
            variant["code"]: tuple(
                tuple(s["axes"]) for s in sorted(variant["variant_attribute_sets"], key=_level)
            )
            for variants in attributes.FAMILY_VARIANTS.values()
            for variant in variants
        },
    )
    reader = ValueReader(ValueSelection("ecommerce", "fr_FR", "en_US"), structure)
    pim = catalogue.build()
    model = pim.models["tshirt_classic"]
    variants = [
        catalogue.api_view(pim, p) for p in pim.products.values() if p["parent"] == model["code"]
    ]
    simple = next(p for p in pim.products.values() if p["parent"] is None)
    return [
        (
            "akeneo",
            f"product model ({len(variants)} variants)",
            lambda: normalise.model_product(model, variants, reader),
        ),
        ("akeneo", "simple product", lambda: normalise.simple_product(simple, reader)),
    ]


def _level(attribute_set: dict[str, Any]) -> int:
    return int(attribute_set["level"])


def commercetools_cases() -> list[Case]:
    from connectors.commercetools import normalise, reference

    def load(name: str) -> Any:
        return json.loads((RECORDED / "commercetools" / "recorded" / name).read_text())

    data, fr = load("reference.json"), ("fr-FR", "en-GB")
    ref = reference.build(
        data["channels"],
        data["customer_groups"],
        [load("product_type.json")],
        data["product_discounts"],
    )
    projection = load("product_projection.json")
    selected = projection["masterVariant"]["price"]
    channel = data["channels"][1]
    recorded = load("carts_and_orders.json")
    inventory = recorded["inventory"]
    stores, warehouses = ["c-rivoli", "c-lyon"], ["c-saran"]
    return [
        (
            "commercetools",
            "product projection",
            lambda: normalise.product(projection, fr, ref),
        ),
        (
            "commercetools",
            "discounted price",
            lambda: normalise.price("SKU", selected, fr, ref),
        ),
        (
            "commercetools",
            f"stock ({len(inventory)} entries)",
            lambda: normalise.stock_level("CT-0001", inventory, stores, warehouses),
        ),
        (
            "commercetools",
            "store (channel)",
            lambda: normalise.store(channel, fr, m.LocationKind.STORE),
        ),
        ("commercetools", "cart", lambda: normalise.cart(recorded["cart"], {}, None)),
        ("commercetools", "order", lambda: normalise.order(recorded["order"], fr)),
    ]


def strapi_cases() -> list[Case]:
    from connectors.strapi import normalise

    def entries(name: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(
            (RECORDED / "strapi" / "recorded" / name).read_text()
        )["data"]
        return found

    home, prefix = entries("pages_en.json")[0], "https://cms.example.com"
    content = entries("product_contents_fr.json")[0]
    return [
        (
            "strapi",
            f"page ({len(home['blocks'])} blocks)",
            lambda: normalise.page(home, "slug", prefix),
        ),
        (
            "strapi",
            f"product content ({len(content['blocks'])} blocks)",
            lambda: normalise.blocks(content, prefix),
        ),
    ]


class _EmulatedRpc:
    """search_read answered in-process by the Odoo emulator's models, for reading the
    reference data (pricelists, warehouses) the way the connector does."""

    def __init__(self) -> None:
        from tests.emulators.odoo.dataset import seed
        from tests.emulators.odoo.models import Models

        self.models = Models(seed())

    async def search_read(
        self, model: str, domain: list[Any], fields: list[str], **kwargs: Any
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.models.call(
            model, "search_read", [domain], {"fields": fields, **kwargs}
        )
        return found


def odoo_cases() -> list[Case]:
    # The connector's own per-record steps, private to it: what one record costs.
    from connectors.odoo.book import read_book
    from connectors.odoo.connector import ONE_UNIT, PRODUCT_FIELDS, _facts, _price
    from connectors.odoo.warehouses import (
        PARTNER_FIELDS,
        QUANT_FIELDS,
        WAREHOUSE_FIELDS,
        _store,
        read_warehouses,
        stock_levels,
    )

    rpc = _EmulatedRpc()
    shops = ["PAR1", "LYO1", "MRS1", "BDX1", "LIL1", "BRU1"]
    book = asyncio.run(read_book(rpc, "EUR"))  # type: ignore[arg-type]
    warehouses = asyncio.run(read_warehouses(rpc, shops))  # type: ignore[arg-type]
    pricelist = book.find("Retail", "EUR")
    assert pricelist is not None
    call = rpc.models.call
    row = call(
        "product.product",
        "search_read",
        [[("default_code", "=", "SHOE-TRAIL-42")]],
        {"fields": PRODUCT_FIELDS},
    )[0]
    quants = call(
        "stock.quant", "search_read", [[("product_id", "=", row["id"])]], {"fields": QUANT_FIELDS}
    )
    warehouse = call(
        "stock.warehouse", "search_read", [[("code", "=", "PAR1")]], {"fields": WAREHOUSE_FIELDS}
    )[0]
    partner = call(
        "res.partner",
        "search_read",
        [[("id", "=", warehouse["partner_id"][0])]],
        {"fields": PARTNER_FIELDS},
    )[0]
    now = datetime.now(UTC).replace(tzinfo=None)
    products = {int(row["id"]): str(row["default_code"])}

    def price() -> object:
        quote = book.quote(pricelist, _facts(row, book), ONE_UNIT, now)
        assert quote is not None
        return _price(row["default_code"], quote, pricelist.currency, "default", Channel.WEB)

    return [
        ("odoo", "price (facts, rules, model)", price),
        (
            "odoo",
            f"stock ({len(quants)} quants)",
            lambda: stock_levels(products, quants, warehouses, "FR"),
        ),
        ("odoo", "store (warehouse, partner)", lambda: _store(warehouse, partner, shops)),
    ]


def all_cases() -> Iterator[Case]:
    for cases in (
        model_cases,
        bench_cases,
        akeneo_cases,
        commercetools_cases,
        strapi_cases,
        odoo_cases,
    ):
        yield from cases()


# --- timing and the table ------------------------------------------------------------------


def microseconds(work: Callable[[], object], repeat: int) -> float:
    """Best of `repeat` runs of an autoranged number of calls, per call."""
    timer = timeit.Timer(work)
    number, _ = timer.autorange()  # calls enough for a run of at least 0.2 s
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def measure(repeat: int) -> list[dict[str, Any]]:
    return [
        {"group": group, "case": name, "us_per_record": round(microseconds(work, repeat), 3)}
        for group, name, work in all_cases()
    ]


def table(rows: list[dict[str, Any]], baseline: dict[tuple[str, str], float]) -> str:
    header = "| group | case | µs/record |"
    rule = "|---|---|---:|"
    if baseline:
        header += " before µs | after / before |"
        rule += "---:|---:|"
    lines = [header, rule]
    for row in rows:
        line = f"| {row['group']} | {row['case']} | {row['us_per_record']:.2f} |"
        before = baseline.get((row["group"], row["case"]))
        if baseline:
            line += f" {before:.2f} | {row['us_per_record'] / before:.2f} |" if before else " | |"
        lines.append(line)
    return "\n".join(lines)


def read_baseline(path: Path | None) -> dict[tuple[str, str], float]:
    if path is None:
        return {}
    rows = json.loads(path.read_text())["rows"]
    return {(r["group"], r["case"]): float(r["us_per_record"]) for r in rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.models", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (best kept)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--baseline", type=Path, help="an earlier --json to compare with")
    args = parser.parse_args(argv)
    rows = measure(max(1, args.repeat))
    print(table(rows, read_baseline(args.baseline)))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"python": _python(), "repeat": args.repeat, "rows": rows}
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def _python() -> str:
    import platform

    return f"{platform.python_implementation()} {platform.python_version()}"


if __name__ == "__main__":
    main()
