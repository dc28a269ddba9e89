"""The operations the benchmark sends. LISTING is the one the README shows (and GraphiQL
preloads): a category page's worth of products with price, promotions, stock near the
shopper, content and loyalty points, so one query touches every upstream. PLP is the lean
listing every gateway in `--peers` answers."""

from __future__ import annotations

from gateway.examples import LISTING

__all__ = ["LISTING", "PLP", "TYPENAME", "WORKLOADS"]

TYPENAME = "{ __typename }"

# The product listing page the peers in bench/peers answer too (each in its own spelling, see
# bench/peers/__init__.py): 24 products with their price and online stock, three upstream
# calls (search, prices, stock) for every gateway.
PLP = """query Plp {
  products(first: 24) {
    nodes { id title handle price { amount } availability { quantityAvailable } }
  }
}"""

WORKLOADS: dict[str, str] = {"listing": LISTING, "typename": TYPENAME, "plp": PLP}
