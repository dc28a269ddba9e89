"""The minimal strawberry + aiodataloader peer of `python -m bench.run --peers`: the product
listing page the way a small Python service would serve it over the bench emulator's REST
endpoints (the ones bench/connector.py calls), with a plain strawberry ASGI app on uvicorn,
one aiohttp session (keep-alive) and one DataLoader per batch endpoint, per request.

    python -m bench.peers.strawberry_minimal --port 4001 --emulator http://127.0.0.1:8701
"""

from __future__ import annotations

import argparse
import os
from decimal import Decimal
from typing import Any

import aiohttp
import strawberry
import uvicorn
from aiodataloader import DataLoader
from strawberry.asgi import GraphQL
from strawberry.types import Info

Record = dict[str, Any]
# The shopper context omnicanal defaults to: web channel, euros, French, default group.
CHANNEL, CURRENCY, GROUP, LANGUAGE = "WEB", "EUR", "default", "fr"
MAX_BATCH_SIZE = 100


class Upstream:
    """The emulator's base URL and one session, opened on first use (inside uvicorn's loop)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._session: aiohttp.ClientSession | None = None

    async def get_json(self, path: str, params: dict[str, str]) -> Record:
        if self._session is None:
            self._session = aiohttp.ClientSession(raise_for_status=True)
        async with self._session.get(self.base_url + path, params=params) as response:
            body: Record = await response.json()
            return body


def _in_key_order(skus: list[str], records: list[Record]) -> list[Record | None]:
    by_sku = {record["sku"]: record for record in records}
    return [by_sku.get(sku) for sku in skus]


class Loaders:
    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self.prices = DataLoader(self._prices, max_batch_size=MAX_BATCH_SIZE)
        self.stock = DataLoader(self._stock, max_batch_size=MAX_BATCH_SIZE)

    async def _prices(self, skus: list[str]) -> list[Record | None]:
        params = {"skus": ",".join(skus), "currency": CURRENCY, "channel": CHANNEL, "group": GROUP}
        answer = await self.upstream.get_json("/pricing/prices", params)
        return _in_key_order(skus, answer["prices"])

    async def _stock(self, skus: list[str]) -> list[Record | None]:
        params = {"skus": ",".join(skus), "channel": CHANNEL}
        answer = await self.upstream.get_json("/inventory/stock", params)
        return _in_key_order(skus, answer["stock"])


@strawberry.type
class Price:
    amount: Decimal


@strawberry.type
class Availability:
    quantity_available: int


@strawberry.type
class Product:
    id: strawberry.ID
    title: str
    handle: str
    sku: strawberry.Private[str]

    @strawberry.field
    async def price(self, info: Info[Loaders, None]) -> Price | None:
        record = await info.context.prices.load(self.sku)
        return None if record is None else Price(amount=Decimal(record["net"]))

    @strawberry.field
    async def availability(self, info: Info[Loaders, None]) -> Availability | None:
        record = await info.context.stock.load(self.sku)
        if record is None:
            return None
        online = sum(loc["qty"] for loc in record["locations"] if loc["type"] == "warehouse")
        return Availability(quantity_available=online)


def _product(raw: Record) -> Product:
    title = raw["name"].get(LANGUAGE) or raw["name"]["fr"]
    return Product(id=raw["uuid"], title=title, handle=raw["slug"], sku=raw["variants"][0]["sku"])


@strawberry.type
class Query:
    @strawberry.field
    async def products(self, info: Info[Loaders, None], first: int = 24) -> list[Product]:
        params = {"first": str(min(first, MAX_BATCH_SIZE))}
        page = await info.context.upstream.get_json("/catalog/search", params)
        return [_product(raw) for raw in page["items"]]


class PlpApp(GraphQL[Loaders, None]):
    def __init__(self, upstream: Upstream) -> None:
        super().__init__(strawberry.Schema(query=Query), graphql_ide=None)
        self.upstream = upstream

    async def get_context(self, request: Any, response: Any) -> Loaders:
        return Loaders(self.upstream)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.peers.strawberry_minimal")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "4001")))
    parser.add_argument(
        "--emulator", default=os.environ.get("EMULATOR_URL", "http://127.0.0.1:8701")
    )
    args = parser.parse_args(argv)
    app = PlpApp(Upstream(args.emulator))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
