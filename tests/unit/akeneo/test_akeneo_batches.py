"""Batches: N keys cost one request per Akeneo collection (two for product models: the
models, then their variant products), 100 keys at most per request, results matched to
keys by value."""

from __future__ import annotations

from akeneo_support import CATEGORIES, CTX, MODELS, PRODUCTS, Make, root_model_ids, simple_ids

from connectors.akeneo import AkeneoConnector
from tests.emulators.akeneo import RunningAkeneo


async def test_simple_products_one_call_whatever_the_batch_size(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    ids = simple_ids(akeneo)
    await connector.products(ids[:1], CTX)
    assert akeneo.calls() == 1
    akeneo.counts.clear()
    found = await connector.products(ids, CTX)
    assert len(ids) == 52
    assert akeneo.calls() == akeneo.counts[PRODUCTS] == 1
    assert [p.id if p else None for p in found] == ids


async def test_product_models_cost_a_call_for_their_variants(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    ids = root_model_ids(akeneo)[:24]  # the one-level models
    found = await connector.products([*reversed(ids), ids[0], "model:no_such_model"], CTX)
    assert [p.id if p else None for p in found] == [*reversed(ids), ids[0], None]
    assert dict(akeneo.counts) == {MODELS: 1, PRODUCTS: 1}


async def test_two_level_models_cost_a_call_for_their_sub_models(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    ids = root_model_ids(akeneo)
    found = await connector.products(ids, CTX)
    assert [p.id if p else None for p in found] == ids
    # Models, then sub-models of the two-level ones; 103 variant products: two pages.
    assert dict(akeneo.counts) == {MODELS: 2, PRODUCTS: 2}


async def test_250_keys_are_3_requests_of_at_most_100(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    known = list(akeneo.catalogue.products)
    skus = [*known, *(f"NO-SUCH-SKU-{n}" for n in range(250 - len(known)))]
    found = await connector.products_by_sku(skus, CTX)
    # Each request held at most 100 identifiers: the emulator answers 422 above that.
    # Three chunks; then the variant products of the 26 models, 103 of them: two pages.
    assert akeneo.counts[PRODUCTS] == 3 + 2
    # The SKUs' models; the roots of the sub-models among them; the roots' sub-models.
    assert akeneo.counts[MODELS] == 3
    assert found[-1] is None
    assert found[0] is not None
    assert found[0].id == "model:tshirt_classic"


async def test_categories_250_codes_3_calls_in_key_order(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    codes = ["home", "master", *(f"nope_{n}" for n in range(247)), "clothing_tops"]
    found = await connector.categories(codes, CTX)
    assert akeneo.counts[CATEGORIES] == 3
    assert [c.id for c in found if c] == ["home", "master", "clothing_tops"]
    assert found[1] is not None
    assert found[1].parent_id is None


async def test_duplicate_and_foreign_keys_cost_nothing_extra(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    keys = ["product:MUG-CLASSIC", "MUG-CLASSIC", "product:MUG-CLASSIC", "product:"]
    found = await connector.products(keys, CTX)
    assert [p.id if p else None for p in found] == [keys[0], None, keys[0], None]
    assert akeneo.calls() == 1


async def test_an_empty_batch_asks_nothing(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    assert await connector.products([], CTX) == []
    assert await connector.categories_by_handle([], CTX) == []
    assert akeneo.calls() == 0


async def test_max_batch_setting_splits_smaller(make: Make, akeneo: RunningAkeneo) -> None:
    connector = await make(max_batch=10)
    akeneo.counts.clear()
    await connector.products(simple_ids(akeneo)[:25], CTX)
    assert akeneo.counts[PRODUCTS] == 3
