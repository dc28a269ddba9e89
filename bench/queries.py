"""The operations the benchmark sends. LISTING is the one the README shows (and GraphiQL
preloads): a category page's worth of products with price, promotions, stock near the
shopper, content and loyalty points, so one query touches every upstream."""

from __future__ import annotations

from gateway.examples import LISTING

TYPENAME = "{ __typename }"

WORKLOADS: dict[str, str] = {"listing": LISTING, "typename": TYPENAME}
