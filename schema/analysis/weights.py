"""What one field costs, declared beside the schema rather than in it (the SDL stays as it
is): list sizes for lists with no page argument, and the weight of each mutation. Keys are
"Type.field". The figures are what a large retailer's data looks like, not the sample's:
a declared size is an estimate, and the response-object cap catches what it underestimates."""

from __future__ import annotations

# An object costs 1; a leaf (scalar, enum) costs nothing.
OBJECT_WEIGHT = 1

# Mutations write to a back end (and some hash passwords or take stock): they weigh more
# than the objects they return.
FIELD_WEIGHTS: dict[str, int] = {
    "Mutation.customerAccessTokenCreate": 20,
    "Mutation.cartCreate": 10,
    "Mutation.cartLinesAdd": 10,
    "Mutation.cartLinesUpdate": 10,
    "Mutation.cartLinesRemove": 10,
    "Mutation.cartPromotionCodesUpdate": 10,
    "Mutation.cartLoyaltyRewardApply": 10,
    "Mutation.cartPickupStoreSet": 10,
    "Mutation.checkoutComplete": 50,
    "Mutation.pickupReserve": 20,
    "Mutation.pickupReservationCancel": 10,
}

# Lists of objects with no `first` argument: how many items one is expected to hold.
LIST_SIZES: dict[str, int] = {
    "Product.categories": 5,
    "Product.attributes": 10,
    "Product.media": 5,
    "Product.variants": 10,
    "Product.promotions": 3,
    "Product.priceRules": 3,
    "ProductVariant.priceRules": 3,
    "Product.content": 5,
    "ProductVariant.selectedOptions": 3,
    "ContentBlock.media": 3,
    "Page.blocks": 10,
    "Cart.lines": 25,
    "Cart.appliedRewards": 3,
    "Order.lines": 10,
    "PickupReservation.lines": 10,
    "Customer.reservations": 10,
    "LoyaltyAccount.rewards": 10,
    "CartPayload.userErrors": 3,
    "CheckoutCompletePayload.userErrors": 3,
    "CustomerAccessTokenCreatePayload.userErrors": 3,
    "PickupReservePayload.userErrors": 3,
}

# A list nobody declared: a guess on the safe side.
DEFAULT_LIST_SIZE = 10

# The page argument of a list or connection: its value (or its default) is the size.
PAGE_ARGUMENT = "first"

# Lists whose size is the length of a list argument (`nodes(ids: [...])`).
LENGTH_ARGUMENTS: dict[str, str] = {"Query.nodes": "ids"}


def is_connection(type_name: str) -> bool:
    """A connection's page size is charged on the connection field (its whole selection,
    pageInfo included, is multiplied by `first`, as Shopify does), so its own lists
    (`nodes`, `edges`) hold one item per unit of that multiplier."""
    return type_name.endswith("Connection")


def is_introspection(parent_name: str, field_name: str) -> bool:
    """Introspection is answered from memory without a connector: free, bounded by the
    depth limit and the response-object cap (and refused in production)."""
    return field_name.startswith("__") or parent_name.startswith("__")
