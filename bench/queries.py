"""The operations the benchmark sends. LISTING is the one the README shows: a category
page's worth of products with price, promotions, stock near the shopper, content and
loyalty points, so one query touches every upstream."""

from __future__ import annotations

LISTING = """\
query Listing @inContext(country: "FR", language: "fr") {
  products(first: 24) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id sku handle title
      price { amount currencyCode }
      compareAtPrice { amount currencyCode }
      promotions { code title }
      availability {
        availableForSale quantityAvailable
        stores(near: {latitude: 48.8566, longitude: 2.3522}, first: 3) {
          distanceKm quantityAvailable store { id code name }
        }
      }
      content { id type title }
      loyaltyPoints
    }
  }
}
"""

TYPENAME = "{ __typename }"

WORKLOADS: dict[str, str] = {"listing": LISTING, "typename": TYPENAME}
