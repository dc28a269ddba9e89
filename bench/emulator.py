"""Upstream emulator for the benchmark: catalog (PIM), pricing (ERP), inventory (WMS),
content (CMS), loyalty and a minimal OMS, as one aiohttp server on 127.0.0.1.

Every batch endpoint answers in a shuffled order (deterministic per request) and leaves out
unknown keys, as real upstreams do, so a connector must match results by value. Each request
outside `/_*` waits a configurable latency and is counted per path; `GET /_stats` shows the
counts, `POST /_stats/reset` clears them.

    python -m bench.emulator --port 8701 --latency-ms 5
"""

from __future__ import annotations

import argparse
import asyncio
import random
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
from aiohttp import web

from bench import data

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LATENCY_KEY = web.AppKey("latency_s", float)
COUNTS_KEY = web.AppKey("counts", Counter[str])
MAX_PAGE = 100

_PUBLIC_PRODUCTS: dict[str, dict[str, Any]] = {
    p["uuid"]: {k: v for k, v in p.items() if not k.startswith("_")} for p in data.PRODUCTS
}
_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "RELEVANCE": lambda p: p["uuid"],
    "TITLE": lambda p: p["name"]["fr"],
    "PRICE": lambda p: p["_price"],
    "CREATED_AT": lambda p: p["created"],
    "BEST_SELLING": lambda p: p["sales_rank"],
}


def _json(body: object, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


def _bad_request(message: str) -> web.Response:
    return _json({"error": "bad_request", "message": message}, status=400)


def _list_param(request: web.Request, name: str) -> list[str]:
    raw = request.query.get(name, "")
    return [item for item in raw.split(",") if item]


def _shuffled(request: web.Request, items: Iterable[Any]) -> list[Any]:
    """Known items only, in an order that depends on the request but never on chance."""
    found = [item for item in items if item is not None]
    random.Random(zlib.crc32(request.path_qs.encode())).shuffle(found)
    return found


@web.middleware
async def _count_and_delay(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/_"):
        request.app[COUNTS_KEY][request.path] += 1
        latency = request.app[LATENCY_KEY]
        if latency > 0:
            await asyncio.sleep(latency)
    return await handler(request)


# --- catalog ---------------------------------------------------------------------------


async def catalog_products(request: web.Request) -> web.Response:
    if "ids" in request.query:
        found = (_PUBLIC_PRODUCTS.get(i) for i in _list_param(request, "ids"))
    elif "handles" in request.query:
        found = (_public(data.PRODUCT_BY_HANDLE.get(h)) for h in _list_param(request, "handles"))
    elif "skus" in request.query:
        owners = {
            data.PRODUCT_BY_SKU[s]["uuid"]
            for s in _list_param(request, "skus")
            if s in data.PRODUCT_BY_SKU
        }
        found = (_PUBLIC_PRODUCTS[i] for i in sorted(owners))
    else:
        return _bad_request("one of ids, handles, skus is required")
    return _json({"items": _shuffled(request, found)})


def _public(product: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if product is None else _PUBLIC_PRODUCTS[product["uuid"]]


async def catalog_search(request: web.Request) -> web.Response:
    try:
        first = min(MAX_PAGE, max(0, int(request.query.get("first", "20"))))
        offset = max(0, int(request.query.get("offset", "0")))
    except ValueError:
        return _bad_request("first and offset are integers")
    sort_key = _SORT_KEYS.get(request.query.get("sort", "RELEVANCE"))
    if sort_key is None:
        return _bad_request("unknown sort")
    text = request.query.get("q", "").casefold()
    category = request.query.get("category")
    hits = [
        p
        for p in data.PRODUCTS
        if (not text or any(text in title.casefold() for title in p["name"].values()))
        and (not category or category in p["categories"])
    ]
    hits.sort(key=sort_key, reverse=request.query.get("reverse") == "true")
    page = [_PUBLIC_PRODUCTS[p["uuid"]] for p in hits[offset : offset + first]]
    return _json({"total": len(hits), "items": page})


async def catalog_categories(request: web.Request) -> web.Response:
    if "ids" in request.query:
        found = [data.CATEGORY_BY_ID.get(i) for i in _list_param(request, "ids")]
    else:
        found = [data.CATEGORY_BY_HANDLE.get(h) for h in _list_param(request, "handles")]
    return _json({"items": _shuffled(request, found)})


# --- pricing, inventory, content ------------------------------------------------------------


async def pricing_prices(request: web.Request) -> web.Response:
    currency = request.query.get("currency", "EUR")
    group = request.query.get("group", "default")
    channel = request.query.get("channel", "WEB")
    found = [data.price_record(s, currency, group, channel) for s in _list_param(request, "skus")]
    return _json({"prices": _shuffled(request, found)})


async def inventory_stock(request: web.Request) -> web.Response:
    found = [data.stock_record(s) for s in _list_param(request, "skus")]
    return _json({"stock": _shuffled(request, found)})


async def inventory_stores(request: web.Request) -> web.Response:
    if "ids" in request.query:
        found = [data.LOCATION_BY_ID.get(i) for i in _list_param(request, "ids")]
    else:
        found = [data.LOCATION_BY_CODE.get(c) for c in _list_param(request, "codes")]
    return _json({"locations": _shuffled(request, found)})


async def inventory_all_stores(request: web.Request) -> web.Response:
    return _json({"locations": _shuffled(request, data.LOCATION_BY_ID.values())})


async def content_products(request: web.Request) -> web.Response:
    found = [data.content_record(i) for i in _list_param(request, "ids")]
    return _json({"entries": _shuffled(request, found)})


async def content_pages(request: web.Request) -> web.Response:
    found = [data.PAGES.get(h) for h in _list_param(request, "handles")]
    return _json({"pages": _shuffled(request, found)})


# --- loyalty and orders ---------------------------------------------------------------------


async def loyalty_points(request: web.Request) -> web.Response:
    channel = request.query.get("channel", "WEB")
    try:
        queries = orjson.loads(await request.read())
        results = []
        for q in queries:
            earned = data.points(q["sku"], Decimal(q["amount"]), q["currency"], channel)
            if earned is not None:
                results.append({**q, "points": earned})
    except (orjson.JSONDecodeError, KeyError, TypeError, InvalidOperation):
        return _bad_request("expected a JSON list of {sku, amount, currency}")
    return _json({"results": _shuffled(request, results)})


async def loyalty_accounts(request: web.Request) -> web.Response:
    found = [data.LOYALTY_ACCOUNTS.get(c) for c in _list_param(request, "customer_ids")]
    return _json({"accounts": _shuffled(request, found)})


async def orders_customers(request: web.Request) -> web.Response:
    found = [data.CUSTOMERS.get(c) for c in _list_param(request, "ids")]
    return _json({"customers": _shuffled(request, found)})


async def orders_carts(request: web.Request) -> web.Response:
    return _json({"carts": []})


async def orders_orders(request: web.Request) -> web.Response:
    return _json({"orders": []})


# --- the emulator's own endpoints -----------------------------------------------------------


async def health(request: web.Request) -> web.Response:
    return _json({"ok": True})


async def stats(request: web.Request) -> web.Response:
    counts = request.app[COUNTS_KEY]
    return _json({"total": sum(counts.values()), "paths": dict(sorted(counts.items()))})


async def stats_reset(request: web.Request) -> web.Response:
    request.app[COUNTS_KEY].clear()
    return _json({"total": 0, "paths": {}})


def build_app(latency_s: float = 0.005) -> web.Application:
    app = web.Application(middlewares=[_count_and_delay])
    app[LATENCY_KEY] = latency_s
    app[COUNTS_KEY] = Counter()
    app.router.add_get("/catalog/products", catalog_products)
    app.router.add_get("/catalog/search", catalog_search)
    app.router.add_get("/catalog/categories", catalog_categories)
    app.router.add_get("/pricing/prices", pricing_prices)
    app.router.add_get("/inventory/stock", inventory_stock)
    app.router.add_get("/inventory/stores", inventory_stores)
    app.router.add_get("/inventory/stores/all", inventory_all_stores)
    app.router.add_get("/content/products", content_products)
    app.router.add_get("/content/pages", content_pages)
    app.router.add_post("/loyalty/points", loyalty_points)
    app.router.add_get("/loyalty/accounts", loyalty_accounts)
    app.router.add_get("/orders/customers", orders_customers)
    app.router.add_get("/orders/carts", orders_carts)
    app.router.add_get("/orders/orders", orders_orders)
    app.router.add_get("/_health", health)
    app.router.add_get("/_stats", stats)
    app.router.add_post("/_stats/reset", stats_reset)
    return app


@dataclass
class RunningEmulator:
    """An emulator served from the current event loop (tests, in-process use)."""

    runner: web.AppRunner
    base_url: str

    @property
    def app(self) -> web.Application:
        return self.runner.app

    def counts(self) -> Counter[str]:
        return self.app[COUNTS_KEY]

    async def aclose(self) -> None:
        await self.runner.cleanup()


async def serve(
    latency_s: float = 0.005, host: str = "127.0.0.1", port: int = 0
) -> RunningEmulator:
    runner = web.AppRunner(build_app(latency_s), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return RunningEmulator(runner, f"http://{host}:{bound}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--latency-ms", type=float, default=5.0)
    args = parser.parse_args(argv)
    app = build_app(args.latency_ms / 1000)
    web.run_app(app, host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
