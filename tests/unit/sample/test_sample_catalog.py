"""The sample catalogue: size, category tree, translations, variants, search."""

from __future__ import annotations

import re

from connectors.context import CommerceContext
from connectors.models import Product, ProductSearch, ProductSort
from connectors.sample import SCENARIO_HANDLES, SCENARIO_SKUS, SampleConnector
from connectors.sample.departments import DEPARTMENTS

FR = CommerceContext(language="fr")
EN = CommerceContext(language="en", country="GB", currency="GBP")
SKU = re.compile(r"^OC-\d{6}(-[A-Z]{3})?(-[A-Z0-9]{1,3})?$")


async def all_products(connector: SampleConnector, ctx: CommerceContext) -> list[Product]:
    page = await connector.search(ProductSearch(first=5000), ctx)
    return list(page.products)


async def test_catalogue_has_2000_products_in_20_categories(connector: SampleConnector) -> None:
    products = await all_products(connector, EN)
    assert len(products) >= 2000
    leaves = {p.category_ids[0] for p in products}
    assert len(leaves) >= 20


async def test_every_leaf_hangs_under_one_of_six_departments(connector: SampleConnector) -> None:
    departments = await connector.categories_by_handle([d.handle for d in DEPARTMENTS], FR)
    assert [d.title for d in departments if d] == [
        "Jardin", "Maison", "Cuisine", "Sport", "Mode", "Bricolage",
    ]  # fmt: skip
    products = await all_products(connector, FR)
    leaves = await connector.categories(sorted({p.category_ids[0] for p in products}), FR)
    department_ids = {d.id for d in departments if d}
    assert all(leaf and leaf.parent_id in department_ids for leaf in leaves)
    assert all(p.category_ids[1] in department_ids for p in products)


async def test_titles_and_descriptions_are_translated(connector: SampleConnector) -> None:
    ids = [f"P{n:06d}" for n in range(1, 2001, 50)]
    french, english = await connector.products(ids, FR), await connector.products(ids, EN)
    for fr, en in zip(french, english, strict=True):
        assert fr
        assert en
        assert fr.title != en.title
        assert fr.description != en.description
        assert {a.code for a in fr.attributes} == {a.code for a in en.attributes}
        assert fr.attributes[0].label == "Matière"
        assert en.attributes[0].label == "Material"


async def test_unknown_languages_fall_back_to_english(connector: SampleConnector) -> None:
    german = await connector.products(["P000001"], CommerceContext(language="de"))
    assert german[0]
    assert german[0].title == "Garden shears"


async def test_handles_are_unique_slugs_of_the_english_title(connector: SampleConnector) -> None:
    products = await all_products(connector, EN)
    assert len({p.handle for p in products}) == len(products)
    for product in products[:300]:
        number = int(product.id[1:])
        assert product.handle.endswith(f"-{number}")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", product.handle)


async def test_variants_follow_the_sku_convention(connector: SampleConnector) -> None:
    products = await all_products(connector, EN)
    for product in products:
        assert product.variants
        assert product.sku == product.variants[0].sku
        assert all(SKU.match(v.sku) for v in product.variants)
        assert all(v.sku.startswith(f"OC-{product.id[1:]}") for v in product.variants)


async def test_apparel_varies_by_size_and_colour(connector: SampleConnector) -> None:
    tops = await connector.categories_by_handle(["tops"], EN)
    assert tops[0] is not None
    page = await connector.search(ProductSearch(first=20, category_id=tops[0].id), EN)
    for product in page.products:
        names = {o.name for v in product.variants for o in v.options}
        assert names == {"Colour", "Size"}
        assert len(product.variants) >= 5


async def test_products_carry_brand_media_and_dates(connector: SampleConnector) -> None:
    products = await all_products(connector, FR)
    assert all(p.brand and p.media and p.created_at for p in products)
    assert all(
        m.url.startswith(f"https://cdn.omnicanal.dev/products/{p.id}/")
        for p in products
        for m in p.media
    )
    dates = sorted(p.created_at for p in products if p.created_at)
    assert (dates[-1] - dates[0]).days > 600


async def test_scenario_products_are_findable(connector: SampleConnector) -> None:
    by_sku = await connector.products_by_sku(list(SCENARIO_SKUS.values()), EN)
    by_handle = await connector.products_by_handle(list(SCENARIO_HANDLES.values()), EN)
    assert by_sku == by_handle
    assert by_handle[0]
    assert by_handle[0].handle.startswith("garden-shears")


async def test_search_ignores_accents_and_case(connector: SampleConnector) -> None:
    page = await connector.search(ProductSearch(first=50, query="SECATEUR"), FR)
    assert page.total_count
    assert page.total_count >= 2
    assert all("sécateur" in p.title.lower() for p in page.products)


async def test_search_by_department_includes_its_leaves(connector: SampleConnector) -> None:
    garden = (await connector.categories_by_handle(["garden"], EN))[0]
    assert garden is not None
    page = await connector.search(ProductSearch(first=500, category_id=garden.id), EN)
    assert page.total_count == len(page.products) >= 400
    assert len({p.category_ids[0] for p in page.products}) == 4


async def test_pages_do_not_overlap_and_report_the_next_one(connector: SampleConnector) -> None:
    request = ProductSearch(first=30, sort=ProductSort.TITLE)
    first = await connector.search(request, EN)
    second = await connector.search(ProductSearch(first=30, offset=30, sort=ProductSort.TITLE), EN)
    assert first.has_next_page
    assert second.has_next_page
    assert not {p.id for p in first.products} & {p.id for p in second.products}
    assert first.products[-1].title.lower() <= second.products[0].title.lower()
    beyond = await connector.search(ProductSearch(first=30, offset=10_000), EN)
    assert beyond.products == ()
    assert not beyond.has_next_page
    assert beyond.total_count == first.total_count


async def test_price_sort_follows_the_context_price_list(connector: SampleConnector) -> None:
    for reverse in (False, True):
        request = ProductSearch(first=40, offset=100, sort=ProductSort.PRICE, reverse=reverse)
        page = await connector.search(request, EN)
        prices = await connector.prices([p.sku for p in page.products], EN)
        amounts = [p.amount.amount for p in prices if p]
        assert len(amounts) == 40
        assert amounts == sorted(amounts, reverse=reverse)
