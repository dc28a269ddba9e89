"""The scopes an API key may hold. Each field and mutation of the schema declares the one
it needs; the gateway grants them per key."""

from __future__ import annotations

CATALOG_READ = "catalog:read"
PRICING_READ = "pricing:read"
INVENTORY_READ = "inventory:read"
CONTENT_READ = "content:read"
CUSTOMERS_READ = "customers:read"
CUSTOMERS_WRITE = "customers:write"
CARTS_WRITE = "carts:write"
CHECKOUT_WRITE = "checkout:write"
ORDERS_READ = "orders:read"
LOYALTY_READ = "loyalty:read"
LOYALTY_WRITE = "loyalty:write"
RESERVATIONS_WRITE = "reservations:write"
EXPLAIN = "explain"

ALL_SCOPES: frozenset[str] = frozenset(
    {
        CATALOG_READ,
        PRICING_READ,
        INVENTORY_READ,
        CONTENT_READ,
        CUSTOMERS_READ,
        CUSTOMERS_WRITE,
        CARTS_WRITE,
        CHECKOUT_WRITE,
        ORDERS_READ,
        LOYALTY_READ,
        LOYALTY_WRITE,
        RESERVATIONS_WRITE,
        EXPLAIN,
    }
)

# What a storefront (a publishable key, or anonymous public access) may do: everything a
# shopper does, nothing an operator does.
STOREFRONT_SCOPES: frozenset[str] = ALL_SCOPES - {EXPLAIN}

# What each field needs. A field's own entry wins; else its type's; shared value types
# (Money, PageInfo, Address…) need nothing of their own: the field that leads to them does.
TYPE_SCOPES: dict[str, str] = {
    "Product": CATALOG_READ,
    "ProductVariant": CATALOG_READ,
    "Category": CATALOG_READ,
    "Availability": INVENTORY_READ,
    "StoreAvailability": INVENTORY_READ,
    "Store": INVENTORY_READ,
    "PickupOption": INVENTORY_READ,
    "StockEvent": INVENTORY_READ,
    "Page": CONTENT_READ,
    "ContentBlock": CONTENT_READ,
    "Customer": CUSTOMERS_READ,
    "LoyaltyAccount": LOYALTY_READ,
    "Order": ORDERS_READ,
    "PickupReservation": ORDERS_READ,
    "Cart": CARTS_WRITE,
    "CartLine": CARTS_WRITE,
}

FIELD_SCOPES: dict[str, str] = {
    "Query.product": CATALOG_READ,
    "Query.products": CATALOG_READ,
    "Query.category": CATALOG_READ,
    "Query.store": INVENTORY_READ,
    "Query.stores": INVENTORY_READ,
    "Query.pickupOptions": INVENTORY_READ,
    "Query.page": CONTENT_READ,
    "Query.cart": CARTS_WRITE,
    "Query.customer": CUSTOMERS_READ,
    "Query.order": ORDERS_READ,
    "Product.price": PRICING_READ,
    "Product.compareAtPrice": PRICING_READ,
    "Product.priceRange": PRICING_READ,
    "Product.promotions": PRICING_READ,
    "Product.priceRules": PRICING_READ,
    "Product.availability": INVENTORY_READ,
    "Product.content": CONTENT_READ,
    "Product.loyaltyPoints": LOYALTY_READ,
    "ProductVariant.price": PRICING_READ,
    "ProductVariant.compareAtPrice": PRICING_READ,
    "ProductVariant.priceRules": PRICING_READ,
    "ProductVariant.availability": INVENTORY_READ,
    "Cart.cost": PRICING_READ,
    "CartLine.cost": PRICING_READ,
    "Cart.appliedRewards": LOYALTY_READ,
    "Cart.buyer": CUSTOMERS_READ,
    "Customer.loyalty": LOYALTY_READ,
    "Customer.orders": ORDERS_READ,
    "Customer.reservations": ORDERS_READ,
    "Order.loyaltyPointsEarned": LOYALTY_READ,
    "Mutation.customerAccessTokenCreate": CUSTOMERS_WRITE,
    "Mutation.cartCreate": CARTS_WRITE,
    "Mutation.cartLinesAdd": CARTS_WRITE,
    "Mutation.cartLinesUpdate": CARTS_WRITE,
    "Mutation.cartLinesRemove": CARTS_WRITE,
    "Mutation.cartPromotionCodesUpdate": CARTS_WRITE,
    "Mutation.cartLoyaltyRewardApply": LOYALTY_WRITE,
    "Mutation.cartPickupStoreSet": CARTS_WRITE,
    "Mutation.checkoutComplete": CHECKOUT_WRITE,
    "Mutation.pickupReserve": RESERVATIONS_WRITE,
    "Mutation.pickupReservationCancel": RESERVATIONS_WRITE,
    "Subscription.stockChanged": INVENTORY_READ,
    "Subscription.orderStatusChanged": ORDERS_READ,
}


def scope_of(type_name: str, field_name: str) -> str | None:
    """The scope `Type.field` needs, or None when the field leading to it decides."""
    own = FIELD_SCOPES.get(f"{type_name}.{field_name}")
    if own is not None or field_name.startswith("__"):
        return own
    return TYPE_SCOPES.get(type_name)
