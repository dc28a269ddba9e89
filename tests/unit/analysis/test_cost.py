"""The static cost, as Shopify's calculated query cost: objects 1, leaves 0, a list or a
connection multiplies its selection by `first` or by its declared size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import get_introspection_query

from gateway.examples import graphiql_tabs
from schema.policy import OperationLimits
from tests.unit.analysis.support import cost, operation, summary, verdict

MAX_COST = OperationLimits().max_cost
README = Path(__file__).parents[3] / "README.md"

EXAMPLE_COSTS = {
    "Listing": 457,
    "StoresNearParis": 30,
    "Home": 41,
    "ProductInEnglish": 75,
    "WhereCanICollect": 15,
    "SignIn": 23,
    "OutOfStockOnline": 2,
    "StoresWithAllThree": 10,
    "HoldThemThere": 35,
}
NESTED_TWICE = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { id "
    "variants { sku price { amount } } } } } } } }"
)
NESTED_THRICE = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { categories "
    "{ products(first: 10) { nodes { id variants { sku price { amount } } } } } } } } } } }"
)


@pytest.mark.parametrize("tab", graphiql_tabs(), ids=lambda t: re.findall(r"\w+", t["query"])[1])
def test_every_graphiql_example_has_its_cost_and_fits(tab: dict[str, str]) -> None:
    name = operation(tab["query"]).name
    assert name in EXAMPLE_COSTS
    assert cost(tab["query"]) == EXAMPLE_COSTS[name] <= MAX_COST


def _readme_operations() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), re.S)
    assert blocks
    return blocks


@pytest.mark.parametrize("block", _readme_operations())
def test_every_readme_example_fits(block: str) -> None:
    document = summary(block)
    assert document.operations
    for found in document.operations:
        assert document.cost(found, None) <= MAX_COST / 10, found.name


def test_nested_listings_cost_what_they_would_fetch() -> None:
    # 100 * (categories 5 * (1 + inner listing 1 + 100 * (node 1 + variants 10 * 2)))
    assert cost(NESTED_TWICE) == 1_051_101
    assert cost(NESTED_THRICE) == 53_051_101
    assert verdict(NESTED_TWICE).error is not None


def test_a_connection_multiplies_its_whole_selection() -> None:
    assert cost("{ products(first: 10) { totalCount } }") == 1
    assert cost("{ products(first: 10) { nodes { id } } }") == 1 + 10 * 1
    assert cost("{ products(first: 10) { pageInfo { hasNextPage } nodes { id } } }") == 21
    assert cost("{ products(first: 10) { edges { node { id } } } }") == 1 + 10 * 2
    assert cost("{ products { nodes { id } } }") == 1 + 20  # the argument's default


def test_page_size_from_variables_and_their_defaults() -> None:
    query = "query Q($n: Int = 7) { products(first: $n) { nodes { id } } }"
    assert cost(query) == 1 + 7
    assert cost(query, {"n": 50}) == 1 + 50
    assert cost(query, {"n": None}) == 1 + 20  # null: the field's default, as the resolver does
    assert cost(query, {"n": "many"}) == 1 + 20  # wrong type: execution refuses it anyway
    without_default = "query Q($n: Int) { products(first: $n) { nodes { id } } }"
    assert cost(without_default) == 1 + 20


def test_lists_without_argument_use_their_declared_size() -> None:
    assert cost('{ product(handle: "x") { variants { sku } } }') == 1 + 10 * 1
    assert cost('{ product(handle: "x") { variants { price { amount } } } }') == 1 + 10 * 2
    assert cost('{ product(handle: "x") { title media { url } } }') == 1 + 5
    assert cost("{ stores(first: 3) { openingHours } }") == 3  # a list of strings is a leaf


def test_an_interface_pays_its_most_expensive_implementation() -> None:
    query = (
        '{ node(id: "x") { id ... on Product { variants { sku } } '
        "... on Store { address { city } } } }"
    )
    assert cost(query) == 1 + 10
    fragment = 'query { node(id: "x") { ...P } } fragment P on Product { categories { id } }'
    assert cost(fragment) == 1 + 5


def test_nodes_pays_per_id() -> None:
    assert cost('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3
    query = "query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert cost(query, {"ids": ["a"] * 40}) == 40


def test_mutations_carry_their_weight() -> None:
    checkout = 'mutation { checkoutComplete(cartId: "c", idempotencyKey: "k") { order { id } } }'
    assert cost(checkout) == 50 + 1
    cart = "mutation { cartCreate { cart { id } userErrors { code } } }"
    assert cost(cart) == 10 + 1 + 3  # userErrors: a declared 3


def test_the_operation_named_is_the_one_charged() -> None:
    document = "query Small { __typename } query Big { products(first: 99) { nodes { id } } }"
    assert cost(document, name="Small") == 0
    assert cost(document, name="Big") == 100


def test_a_full_product_page_fits() -> None:
    query = """{ products(first: 100) { nodes { variants { selectedOptions { name value }
      price { amount } availability { availableForSale } } priceRange {
      minVariantPrice { amount } maxVariantPrice { amount } } attributes { code label value }
      media { url alt } } } }"""
    # 100 * (node 1 + variants 10 * (1 + options 3 + price 1 + availability 1)
    #        + priceRange 3 + attributes 10 + media 5)
    assert cost(query) == 1 + 100 * (1 + 60 + 3 + 10 + 5) <= MAX_COST


def test_introspection_is_free_and_within_the_depth_limit() -> None:
    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    assert cost(query) == 0
    assert verdict(query).error is None
