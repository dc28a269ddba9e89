"""Ways to move a price in an in-tree provider's back end, as a merchant moves it between
the moment a shopper sees a cart and checkout: each is the provider's
`UnderTest.move_price` (connectors/testing/under_test.py `PriceMover`), moving every price
of the first SKU it can move by `cents` (in each of its currencies and scopes) and
answering that SKU; the kit's transaction suite puts the price back the same way."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from connectors.testing import PriceMover

Json = dict[str, Any]


def sample_mover(db_path: Path) -> PriceMover:
    """The sample's list price (one per SKU and currency), written in its database file."""

    def move(skus: Sequence[str], cents: int) -> str:
        with contextlib.closing(sqlite3.connect(db_path, timeout=5)) as db:
            sku = skus[0]
            with db:
                db.execute(
                    "UPDATE prices SET amount_cents = amount_cents + ? WHERE sku = ?", [cents, sku]
                )
        return sku

    async def moved(skus: Sequence[str], cents: int) -> str:
        return await asyncio.to_thread(move, skus, cents)

    return moved


def commercetools_mover(port: int) -> PriceMover:
    """Through the project API of the commercetools mock on `port`."""

    async def moved(skus: Sequence[str], cents: int) -> str:
        return await asyncio.to_thread(raise_commercetools_price, port, skus, cents)

    return moved


def raise_commercetools_price(port: int, skus: Sequence[str], cents: int) -> str:
    """Change Price (staged false: the current projection too) on every embedded Price of
    the first variant of `skus` without a product discount (its discounted value would
    hide the change), the price draft otherwise as it was; that SKU."""
    from tests.upstreams.commercetools import dataset, seed

    api = seed.Api(port)
    try:
        api.authenticate(dataset.CLIENT_ID, dataset.CLIENT_SECRET)
        for sku in skus:
            product, prices = _variant_prices(api, sku)
            if any(p.get("discounted") for p in prices):
                continue
            actions = [_change(price, cents) for price in prices]
            body = {"version": product["version"], "actions": actions}
            api.post(f"/products/{product['id']}", body)
            return sku
    finally:
        api.close()
    pytest.skip("no SKU with a price commercetools does not discount")


def _variant_prices(api: Any, sku: str) -> tuple[Json, list[Json]]:
    where = (
        f'masterData(current(masterVariant(sku="{sku}"))) or '
        f'masterData(current(variants(sku="{sku}")))'
    )
    found = api.get(f"/products?where={urllib.parse.quote(where)}")["results"]
    product = found[0]
    current = product["masterData"]["current"]
    variant = next(v for v in (current["masterVariant"], *current["variants"]) if v["sku"] == sku)
    return product, list(variant.get("prices") or ())


def _change(price: Json, cents: int) -> Json:
    value = price["value"]
    draft: Json = {
        "value": {"currencyCode": value["currencyCode"], "centAmount": value["centAmount"] + cents}
    }
    for scope in ("country", "customerGroup", "channel", "validFrom", "validUntil"):
        if price.get(scope) is not None:
            draft[scope] = price[scope]
    return {"action": "changePrice", "priceId": price["id"], "price": draft, "staged": False}
