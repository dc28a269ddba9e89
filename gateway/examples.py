"""Example operations: the GraphiQL tabs, the README's examples and the e2e tests' queries
are these same strings, so the documentation cannot drift from what works."""

from __future__ import annotations

LISTING = """query Listing @inContext(country: "FR", language: "fr") {
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
}"""

PRODUCT_EN_GBP = """query ProductInEnglish @inContext(country: "GB", language: "en") {
  product(handle: "%(handle)s") {
    title description brand
    price { amount currencyCode }
    priceRange { minVariantPrice { amount } maxVariantPrice { amount } }
    variants { sku title selectedOptions { name value } price { amount currencyCode } }
    attributes { code label value }
    categories { handle title parent { title } }
  }
}"""

STORES_NEAR_PARIS = """query StoresNearParis {
  stores(near: {latitude: 48.8566, longitude: 2.3522}, radiusKm: 16, first: 10) {
    code name address { city postalCode } location { latitude longitude } openingHours
  }
}"""

HOME_PAGE = """query Home @inContext(language: "en") {
  page(handle: "home") { title blocks { type title body media { url alt } } }
}"""

APP_PRICES = """query AppPrices @inContext(channel: APP) {
  products(first: 5, categoryHandle: "%(category)s") {
    nodes { title price { amount currencyCode } compareAtPrice { amount } promotions { title } }
  }
}"""

PICKUP_OPTIONS = """query WhereCanICollect($lines: [CartLineInput!]!) {
  pickupOptions(lines: $lines, near: {latitude: 48.8566, longitude: 2.3522}, radiusKm: 16) {
    distanceKm store { code name address { line1 city } }
  }
}"""

# The README's click-and-collect flow, step by step: the garden shears and two sizes of
# gloves are out of stock online but held together by some Paris stores.
SIGN_IN = """mutation SignIn {
  customerAccessTokenCreate(email: "demo@omnicanal.dev", password: "omnicanal-demo") {
    accessToken expiresAt userErrors { code message }
  }
}"""

OUT_OF_STOCK_ONLINE = """query OutOfStockOnline {
  product(sku: "OC-000001") { title availability { availableForSale quantityAvailable } }
}"""

STORES_WITH_ALL_THREE = """query StoresWithAllThree {
  pickupOptions(lines: [{sku: "OC-000001", quantity: 1}, {sku: "OC-000002-GRN-M", quantity: 1},
                        {sku: "OC-000002-GRN-S", quantity: 1}],
                near: {latitude: 48.8566, longitude: 2.3522}, radiusKm: 16) {
    distanceKm store { id code name }
  }
}"""

HOLD_THEM_THERE = """mutation HoldThemThere($storeId: ID!) {
  pickupReserve(storeId: $storeId, idempotencyKey: "hold-1",
      lines: [{sku: "OC-000001", quantity: 1}, {sku: "OC-000002-GRN-M", quantity: 1},
              {sku: "OC-000002-GRN-S", quantity: 1}]) {
    reservation { id status expiresAt store { name } lines { sku title quantity } }
    userErrors { code field message }
  }
}"""

# What the reader pastes in the Variables and Headers panes of the hold step.
HOLD_VARIABLES = '{"storeId": "<store id from StoresWithAllThree>"}'
HOLD_HEADERS = '{"Authorization": "Bearer <accessToken from SignIn>"}'

CLICK_AND_COLLECT = (SIGN_IN, OUT_OF_STOCK_ONLINE, STORES_WITH_ALL_THREE, HOLD_THEM_THERE)


def graphiql_tabs() -> list[dict[str, str]]:
    return [
        {"query": LISTING},
        {"query": STORES_NEAR_PARIS},
        {"query": HOME_PAGE},
        {"query": PRODUCT_EN_GBP % {"handle": "garden-shears-1"}},
        {"query": PICKUP_OPTIONS, "variables": '{"lines": [{"sku": "OC-000001", "quantity": 1}]}'},
        {"query": SIGN_IN},
        {"query": OUT_OF_STOCK_ONLINE},
        {"query": STORES_WITH_ALL_THREE},
        {"query": HOLD_THEM_THERE, "variables": HOLD_VARIABLES, "headers": HOLD_HEADERS},
    ]
