"""GraphQL operations the transaction tests share, as small async helpers."""

from __future__ import annotations

from typing import Any

from tests.support.server import GraphQLClient

CART_FIELDS = """id channel promotionCodes
  lines { id quantity merchandise { sku } cost { unitPrice { amount } subtotal { amount } total { amount } } }
  cost { subtotal { amount currencyCode } discounts { amount } total { amount } }
  pickupStore { code } buyer { email }"""

ERRORS = "userErrors { code field message }"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_in(client: GraphQLClient, email: str, password: str) -> dict[str, Any]:
    query = f"""mutation($e: String!, $p: String!) {{ customerAccessTokenCreate(email: $e, password: $p) {{
      accessToken expiresAt {ERRORS} }} }}"""
    data = await client.data(query, variables={"e": email, "p": password})
    payload: dict[str, Any] = data["customerAccessTokenCreate"]
    return payload


async def token_of_demo(client: GraphQLClient) -> str:
    from connectors.sample import DEMO_EMAIL, DEMO_PASSWORD

    payload = await sign_in(client, DEMO_EMAIL, DEMO_PASSWORD)
    assert payload["userErrors"] == []
    token: str = payload["accessToken"]
    return token


async def mutate(
    client: GraphQLClient,
    field: str,
    arguments: str,
    variables: dict[str, Any],
    selection: str,
    token: str | None = None,
    context: str = "",
) -> dict[str, Any]:
    declared = ", ".join(f"${name}: {kind}" for name, kind in _kinds(arguments))
    call = ", ".join(f"{name}: ${name}" for name, _ in _kinds(arguments))
    query = f"mutation({declared}) {context} {{ {field}({call}) {{ {selection} {ERRORS} }} }}"
    data = await client.data(query, variables=variables, headers=bearer(token) if token else None)
    payload: dict[str, Any] = data[field]
    return payload


def _kinds(arguments: str) -> list[tuple[str, str]]:
    pairs = [part.split(":") for part in arguments.split(",") if part.strip()]
    return [(name.strip(), kind.strip()) for name, kind in pairs]


async def create_cart(
    client: GraphQLClient, lines: list[dict[str, Any]], token: str | None = None, context: str = ""
) -> dict[str, Any]:
    payload = await mutate(
        client, "cartCreate", "lines: [CartLineInput!]", {"lines": lines},
        f"cart {{ {CART_FIELDS} }}", token, context,
    )  # fmt: skip
    assert payload["userErrors"] == [], payload["userErrors"]
    cart: dict[str, Any] = payload["cart"]
    return cart


async def checkout(
    client: GraphQLClient, cart_id: str, key: str, token: str | None
) -> dict[str, Any]:
    selection = """order { id number channel status total { amount currencyCode }
      loyaltyPointsEarned pickupStore { code } lines { sku quantity total { amount } } }"""
    return await mutate(
        client, "checkoutComplete", "cartId: ID!, idempotencyKey: String!",
        {"cartId": cart_id, "idempotencyKey": key}, selection, token,
    )  # fmt: skip


async def online_quantity(client: GraphQLClient, sku: str) -> int:
    query = "query($s: String!) { product(sku: $s) { variants { sku availability { quantityAvailable } } } }"
    data = await client.data(query, variables={"s": sku})
    variant = next(v for v in data["product"]["variants"] if v["sku"] == sku)
    quantity: int = variant["availability"]["quantityAvailable"]
    return quantity


async def store_quantity(client: GraphQLClient, sku: str, store_code: str) -> int:
    query = """query($s: String!) { product(sku: $s) { variants { sku availability {
      stores(first: 100, onlyAvailable: false) { quantityAvailable store { code } } } } } }"""
    data = await client.data(query, variables={"s": sku})
    variant = next(v for v in data["product"]["variants"] if v["sku"] == sku)
    stores = variant["availability"]["stores"]
    return next((s["quantityAvailable"] for s in stores if s["store"]["code"] == store_code), 0)


async def points_balance(client: GraphQLClient, token: str) -> int:
    data = await client.data("{ customer { loyalty { pointsBalance } } }", headers=bearer(token))
    balance: int = data["customer"]["loyalty"]["pointsBalance"]
    return balance
