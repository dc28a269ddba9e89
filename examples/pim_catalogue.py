"""The PIM's side of the composed back office: the commerce engine's products, as the
Akeneo emulator serves them, so that both systems agree on every SKU (as a retailer's PIM
and commerce engine do, synchronised by an import).

Each sellable SKU is one simple Akeneo product; its title names the variant."""

from __future__ import annotations

from tests.emulators.akeneo.catalogue import Catalogue, text_values
from tests.upstreams.commercetools import dataset

MEDIA = "https://cdn.omnicanal.dev/pim"
MATERIAL = "steel"


def build_catalogue() -> Catalogue:
    catalogue = Catalogue()
    for product in dataset.PRODUCTS:
        for variant in product.variants:
            suffix = f" ({variant.value})" if variant.value else ""
            values = text_values(
                product.name_fr + suffix,
                product.name_en + suffix,
                product.brand,
                MATERIAL,
                f"{MEDIA}/{variant.sku.lower()}.jpg",
            )
            catalogue.add_product(variant.sku, "home", ["home"], values)
    return catalogue


def product_ids() -> tuple[str, ...]:
    """omnicanal's ids of those products, as the Akeneo connector names them."""
    from connectors.akeneo.keys import product_id

    return tuple(product_id(v.sku) for p in dataset.PRODUCTS for v in p.variants)
