"""What a product reads like: product models with their variant products, simple products
with one variant, values in the context's locale and channel, handles and SKUs."""

from __future__ import annotations

from dataclasses import replace

from akeneo_support import CTX, Make

from connectors.akeneo import AkeneoConnector
from connectors.context import Channel, CommerceContext
from connectors.models import Attribute, Media, Product, SelectedOption

EN = replace(CTX, language="en", country="GB", currency="GBP")


async def one(connector: AkeneoConnector, key: str, ctx: CommerceContext = CTX) -> Product:
    [found] = await connector.products([key], ctx)
    assert found is not None
    return found


async def test_a_product_model_is_a_product_with_its_variants(connector: AkeneoConnector) -> None:
    product = await one(connector, "model:tshirt_classic")
    assert (product.handle, product.title, product.brand) == (
        "tshirt-classic",
        "T-shirt classique",
        "Atelier Nord",
    )
    assert [v.sku for v in product.variants] == [
        "TSHIRT-CLASSIC-BLACK-M",
        "TSHIRT-CLASSIC-BLACK-S",
        "TSHIRT-CLASSIC-BLUE-M",
        "TSHIRT-CLASSIC-BLUE-S",
    ]
    assert product.sku == "TSHIRT-CLASSIC-BLACK-M"  # the default variant: first by identifier
    assert product.variants[0].options == (
        SelectedOption("Couleur", "Noir"),
        SelectedOption("Taille", "M"),
    )
    assert product.variants[0].title == "Noir / M"
    assert product.category_ids == ("clothing_tops",)
    # Axes are options, not attributes; values of the model are attributes.
    assert Attribute("material", "Matière", "Coton") in product.attributes
    assert {a.code for a in product.attributes}.isdisjoint({"color", "size", "sku", "name"})
    assert product.media[0] == Media(
        "https://media.akeneo.test/tshirt_classic/main.jpg", product.title
    )
    assert {m.url.rsplit("/", 1)[1] for m in product.media} == {"main.jpg", "blue.jpg", "black.jpg"}


async def test_a_disabled_variant_is_left_out(connector: AkeneoConnector) -> None:
    product = await one(connector, "model:tshirt_vintage")
    assert len(product.variants) == 3
    assert "TSHIRT-VINTAGE-BLACK-M" not in {v.sku for v in product.variants}


async def test_a_simple_product_has_one_variant_named_by_its_identifier(
    connector: AkeneoConnector,
) -> None:
    product = await one(connector, "product:MUG-CLASSIC")
    assert product.handle == "mug-classic"
    assert [(v.sku, v.title, v.options) for v in product.variants] == [
        ("MUG-CLASSIC", "Tasse classique", ())
    ]
    assert product.created_at is not None


async def test_locale_and_channel_come_from_the_context(make: Make) -> None:
    connector = await make(channel_scopes={"APP": "mobile"})
    fr, en = (
        await one(connector, "model:sweater_urban"),
        await one(connector, "model:sweater_urban", EN),
    )
    assert (fr.title, en.title) == ("Pull urbain", "Urban Sweater")
    assert fr.description == "Pull urbain, pensé pour durer."
    assert en.variants[0].options[0] == SelectedOption("Colour", "Black")
    assert Attribute("care", "Care", "Machine wash at 30 °C") in en.attributes
    app = await one(connector, "model:sweater_urban", replace(EN, channel=Channel.APP))
    assert app.description == "Urban Sweater"  # the mobile channel's short text


async def test_a_language_without_a_locale_reads_the_fallback_locale(
    connector: AkeneoConnector,
) -> None:
    german = await one(connector, "product:CAP-ALPINE", replace(CTX, language="de"))
    assert german.title == "Alpine Cap"


async def test_disabled_products_and_variant_identifiers_are_not_products(
    connector: AkeneoConnector,
) -> None:
    keys = ["product:BAG-ALPINE", "product:TSHIRT-CLASSIC-BLUE-S", "model:no_such"]
    assert await connector.products(keys, CTX) == [None, None, None]


async def test_by_sku_finds_the_owning_product_of_any_variant(connector: AkeneoConnector) -> None:
    skus = ["BOOT-URBAN-41", "CANDLE-STUDIO", "BOOT-URBAN-39", "BAG-ALPINE"]
    found = await connector.products_by_sku(skus, CTX)
    assert [p.id if p else None for p in found] == [
        "model:boot_urban",
        "product:CANDLE-STUDIO",
        "model:boot_urban",
        None,  # disabled
    ]


async def test_handles_lead_back_to_codes_and_identifiers(connector: AkeneoConnector) -> None:
    handles = ["chino-organic", "scarf-striped", "no-such-handle", "chino-organic"]
    found = await connector.products_by_handle(handles, CTX)
    assert [p.handle if p else None for p in found] == [*handles[:2], None, handles[0]]
    assert [p.id for p in found if p][:2] == ["model:chino_organic", "product:SCARF-STRIPED"]


async def test_categories_are_labelled_in_the_locale(connector: AkeneoConnector) -> None:
    [fr] = await connector.categories_by_handle(["home-candles"], CTX)
    [en] = await connector.categories(["home_candles"], EN)
    assert fr is not None
    assert en is not None
    assert (fr.id, fr.handle, fr.title, fr.parent_id) == (
        "home_candles",
        "home-candles",
        "Bougies",
        "home",
    )
    assert en.title == "Candles"


async def test_a_two_level_model_gathers_the_variants_of_its_sub_models(
    connector: AkeneoConnector,
) -> None:
    product = await one(connector, "model:windbreaker_urban", EN)
    assert product.title == "Urban Windbreaker"
    assert [(v.sku, v.title) for v in product.variants] == [
        ("WINDBREAKER-URBAN-GREEN-L", "Green / L"),
        ("WINDBREAKER-URBAN-GREEN-M", "Green / M"),
        ("WINDBREAKER-URBAN-RED-L", "Red / L"),
        ("WINDBREAKER-URBAN-RED-M", "Red / M"),
    ]
    assert product.variants[0].options == (
        SelectedOption("Colour", "Green"),
        SelectedOption("Size", "L"),
    )
    # A sub-model is not a product; a SKU below one leads to the root's product.
    assert await connector.products(["model:windbreaker_urban_red"], CTX) == [None]
    [owner] = await connector.products_by_sku(["WINDBREAKER-URBAN-RED-M"], CTX)
    assert owner is not None
    assert owner.id == "model:windbreaker_urban"
