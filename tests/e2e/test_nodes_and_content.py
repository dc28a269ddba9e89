"""Global IDs, categories, pages and product content."""

from __future__ import annotations

from gateway.examples import HOME_PAGE
from tests.support.server import GraphQLClient

NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Product { handle } ... on ProductVariant { sku } ... on Store { code }
  ... on Category { handle } ... on Page { handle } } }"""


async def test_every_node_id_resolves_back_to_its_object(gateway: GraphQLClient) -> None:
    data = await gateway.data("""{
      products(first: 2) { nodes { id handle variants { id sku } categories { id handle } } }
      stores(first: 1) { id code }
      page(handle: "home") { id handle } }""")
    product = data["products"]["nodes"][0]
    expected = [
        (product["id"], "Product", "handle", product["handle"]),
        (product["variants"][0]["id"], "ProductVariant", "sku", product["variants"][0]["sku"]),
        (product["categories"][0]["id"], "Category", "handle", product["categories"][0]["handle"]),
        (data["stores"][0]["id"], "Store", "code", data["stores"][0]["code"]),
        (data["page"]["id"], "Page", "handle", "home"),
    ]
    for global_id, typename, field, value in expected:
        node = (await gateway.data(NODE, variables={"id": global_id}))["node"]
        assert node["__typename"] == typename
        assert node["id"] == global_id
        assert node[field] == value


async def test_nodes_keeps_order_and_nulls_unknown_ids(gateway: GraphQLClient) -> None:
    data = await gateway.data("{ products(first: 3) { nodes { id } } }")
    ids = [n["id"] for n in data["products"]["nodes"]]
    asked = [ids[2], "not-an-id", ids[0], ids[2]]
    nodes = (
        await gateway.data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables={"ids": asked}
        )
    )["nodes"]
    assert nodes == [{"id": ids[2]}, None, {"id": ids[0]}, {"id": ids[2]}]


async def test_product_lookups_by_id_handle_and_sku_agree(gateway: GraphQLClient) -> None:
    data = await gateway.data("{ products(first: 1) { nodes { id handle sku variants { sku } } } }")
    p = data["products"]["nodes"][0]
    assert p["sku"] == p["variants"][0]["sku"], "a product's sku is its default variant's"
    for arg, value in (("id", p["id"]), ("handle", p["handle"]), ("sku", p["variants"][-1]["sku"])):
        kind = "ID" if arg == "id" else "String"
        found = await gateway.data(
            f"query($v: {kind}!) {{ product({arg}: $v) {{ id }} }}", variables={"v": value}
        )
        assert found["product"] == {"id": p["id"]}
    missing = await gateway.data('{ product(handle: "no-such-product") { id } }')
    assert missing["product"] is None
    both = await gateway.post('{ product(handle: "x", sku: "y") { id } }')
    assert both["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_variants_carry_options_and_their_own_prices(gateway: GraphQLClient) -> None:
    query = """{ products(first: 100) { nodes { variants { selectedOptions { name value }
      price { amount } availability { availableForSale } } priceRange {
      minVariantPrice { amount } maxVariantPrice { amount } } attributes { code label value }
      media { url alt } } } }"""
    nodes = (await gateway.data(query))["products"]["nodes"]
    multi = [n for n in nodes if len(n["variants"]) > 1]
    assert multi, "apparel has size and colour variants"
    for n in multi:
        assert all(v["selectedOptions"] for v in n["variants"])
        amounts = [float(v["price"]["amount"]) for v in n["variants"]]
        assert float(n["priceRange"]["minVariantPrice"]["amount"]) == min(amounts)
        assert float(n["priceRange"]["maxVariantPrice"]["amount"]) == max(amounts)
    assert all(n["attributes"] and n["media"] for n in nodes)


async def test_category_tree_and_its_products(gateway: GraphQLClient) -> None:
    data = await gateway.data(
        "{ products(first: 1) { nodes { categories { handle parent { handle } } } } }"
    )
    leaf = data["products"]["nodes"][0]["categories"][0]
    parent_handle = leaf["parent"]["handle"] if leaf["parent"] else leaf["handle"]
    query = """query($h: String!) { category(handle: $h) { title
      products(first: 5) { totalCount nodes { categories { handle parent { handle } } } } } }"""
    category = (await gateway.data(query, variables={"h": parent_handle}))["category"]
    assert category["products"]["totalCount"] > 0
    for node in category["products"]["nodes"]:
        handles = {c["handle"] for c in node["categories"]} | {
            c["parent"]["handle"] for c in node["categories"] if c["parent"]
        }
        assert parent_handle in handles
    listing = await gateway.data(
        "query($h: String!) { products(first: 5, categoryHandle: $h) { totalCount } }",
        variables={"h": parent_handle},
    )
    assert listing["products"]["totalCount"] == category["products"]["totalCount"]
    unknown = await gateway.data('{ products(categoryHandle: "nope") { totalCount nodes { id } } }')
    assert unknown["products"] == {"totalCount": 0, "nodes": []}


async def test_home_page_in_both_languages(gateway: GraphQLClient) -> None:
    en = (await gateway.data(HOME_PAGE))["page"]
    fr = (await gateway.data(HOME_PAGE.replace('"en"', '"fr"')))["page"]
    assert en["blocks"]
    assert fr["blocks"]
    assert en["title"] != fr["title"]
    assert (await gateway.data('{ page(handle: "no-such-page") { id } }'))["page"] is None


async def test_signed_out_visitors_see_no_customer_and_no_orders(gateway: GraphQLClient) -> None:
    data = await gateway.data(
        '{ customer { id } order(id: "T3JkZXI6MQ") { id } cart(id: "x") { id } }'
    )
    assert data == {"customer": None, "order": None, "cart": None}
