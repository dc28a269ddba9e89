// Every GraphQL document the storefront sends, in one place, named so that the gateway's
// logs and metrics say which page asked.

const MONEY = "amount currencyCode";
const ERRORS = "userErrors { code field message }";

export const LISTING = `query StorefrontListing($first: Int!, $query: String, $category: String) {
  products(first: $first, query: $query, categoryHandle: $category) {
    totalCount
    nodes {
      handle title brand
      price { ${MONEY} }
      availability { availableForSale quantityAvailable }
    }
  }
}`;

// The schema has no list of categories: the departments are those of a first page of products.
export const DEPARTMENTS = `query StorefrontDepartments {
  products(first: 24) { nodes { categories { handle title parent { handle } } } }
}`;

export const PRODUCT = `query StorefrontProduct($handle: String!, $near: GeoPointInput!) {
  product(handle: $handle) {
    sku handle title description brand loyaltyPoints
    price { ${MONEY} }
    compareAtPrice { ${MONEY} }
    promotions { code title description }
    variants {
      sku title
      price { ${MONEY} }
      availability {
        availableForSale quantityAvailable
        stores(near: $near, first: 3) {
          quantityAvailable distanceKm
          store { id code name address { city } }
        }
      }
    }
  }
}`;

// The same product in another channel: @inContext wins over the page's channel header.
export const CHANNEL_PRICE = `query StorefrontChannelPrice($handle: String!, $channel: ChannelCode!)
    @inContext(channel: $channel) {
  product(handle: $handle) {
    price { ${MONEY} }
    compareAtPrice { ${MONEY} }
    promotions { code title description }
  }
}`;

export const SIGN_IN = `mutation StorefrontSignIn($email: String!, $password: String!) {
  customerAccessTokenCreate(email: $email, password: $password) { accessToken expiresAt ${ERRORS} }
}`;

export const ACCOUNT = `query StorefrontAccount {
  customer {
    email firstName lastName
    loyalty { cardNumber tier pointsBalance }
    reservations { id status expiresAt store { name } lines { sku title quantity } }
    orders(first: 20) {
      nodes { number channel createdAt status total { ${MONEY} } pickupStore { name } }
    }
  }
}`;

export const RESERVE = `mutation StorefrontReserve($storeId: ID!, $lines: [CartLineInput!]!, $idempotencyKey: String!) {
  pickupReserve(storeId: $storeId, lines: $lines, idempotencyKey: $idempotencyKey) {
    reservation { id status expiresAt store { name } }
    ${ERRORS}
  }
}`;

const CART = `id channel
  lines { id quantity merchandise { sku title } cost { total { ${MONEY} } } }
  cost { subtotal { ${MONEY} } discounts { ${MONEY} } total { ${MONEY} } }`;

export const CART_QUERY = `query StorefrontCart($id: ID!) { cart(id: $id) { ${CART} } }`;

export const CART_CREATE = `mutation StorefrontCartCreate($lines: [CartLineInput!]) {
  cartCreate(lines: $lines) { cart { ${CART} } ${ERRORS} }
}`;

export const CART_LINES_ADD = `mutation StorefrontCartLinesAdd($cartId: ID!, $lines: [CartLineInput!]!) {
  cartLinesAdd(cartId: $cartId, lines: $lines) { cart { ${CART} } ${ERRORS} }
}`;

export const CHECKOUT = `mutation StorefrontCheckout($cartId: ID!, $idempotencyKey: String!) {
  checkoutComplete(cartId: $cartId, idempotencyKey: $idempotencyKey) {
    order { number channel status total { ${MONEY} } loyaltyPointsEarned }
    ${ERRORS}
  }
}`;
