"""The commerce context: directive, headers, defaults, and what each changes."""

from __future__ import annotations

from tests.support.server import GraphQLClient

PRODUCT = """query($handle: String!) %s {
  product(handle: $handle) { title description price { amount currencyCode } }
}"""


async def _some_handle(gateway: GraphQLClient) -> str:
    data = await gateway.data("{ products(first: 1) { nodes { handle } } }")
    handle: str = data["products"]["nodes"][0]["handle"]
    return handle


async def test_default_context_is_french_in_euros(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    product = (await gateway.data(PRODUCT % "", variables={"handle": handle}))["product"]
    assert product["price"]["currencyCode"] == "EUR"
    fr = await gateway.data(PRODUCT % '@inContext(language: "fr")', variables={"handle": handle})
    assert product["title"] == fr["product"]["title"]


async def test_directive_switches_language_and_currency(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    fr = (await gateway.data(PRODUCT % "", variables={"handle": handle}))["product"]
    gb = (
        await gateway.data(
            PRODUCT % '@inContext(country: "GB", language: "en")', variables={"handle": handle}
        )
    )["product"]
    assert gb["price"]["currencyCode"] == "GBP", "a currency follows from the country"
    assert gb["title"] != fr["title"]
    assert gb["description"] != fr["description"]


async def test_explicit_currency_beats_the_country(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    data = await gateway.data(
        PRODUCT % '@inContext(country: "FR", currency: "GBP")', variables={"handle": handle}
    )
    assert data["product"]["price"]["currencyCode"] == "GBP"


async def test_headers_are_the_directive_equivalent(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    headers = {"X-Omnicanal-Country": "GB", "X-Omnicanal-Language": "en"}
    by_header = await gateway.data(PRODUCT % "", variables={"handle": handle}, headers=headers)
    by_directive = await gateway.data(
        PRODUCT % '@inContext(country: "GB", language: "en")', variables={"handle": handle}
    )
    assert by_header == by_directive


async def test_accept_language_is_honoured(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    headers = {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}
    by_header = await gateway.data(PRODUCT % "", variables={"handle": handle}, headers=headers)
    en = await gateway.data(PRODUCT % '@inContext(language: "en")', variables={"handle": handle})
    assert by_header["product"]["title"] == en["product"]["title"]


async def test_the_directive_wins_over_headers(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    headers = {"X-Omnicanal-Currency": "GBP"}
    data = await gateway.data(
        PRODUCT % '@inContext(currency: "EUR")', variables={"handle": handle}, headers=headers
    )
    assert data["product"]["price"]["currencyCode"] == "EUR"


async def test_directive_arguments_may_be_variables(gateway: GraphQLClient) -> None:
    handle = await _some_handle(gateway)
    query = """query($handle: String!, $country: CountryCode) @inContext(country: $country) {
      product(handle: $handle) { price { currencyCode } } }"""
    data = await gateway.data(query, variables={"handle": handle, "country": "GB"})
    assert data["product"]["price"]["currencyCode"] == "GBP"


async def test_app_channel_has_its_own_promotion_and_most_prices_are_shared(
    gateway: GraphQLClient, any_channel: dict[str, str]
) -> None:
    gateway = gateway.with_headers(any_channel)
    query = """query %s { products(first: 100, sortKey: TITLE) {
      nodes { sku price { amount } promotions { title } } } }"""
    web = (await gateway.data(query % "@inContext(channel: WEB)"))["products"]["nodes"]
    app = (await gateway.data(query % "@inContext(channel: APP)"))["products"]["nodes"]
    store = (await gateway.data(query % "@inContext(channel: STORE)"))["products"]["nodes"]
    assert [n["sku"] for n in web] == [n["sku"] for n in app]
    same_web_app = sum(w["price"] == a["price"] for w, a in zip(web, app, strict=True))
    cheaper_in_app = [
        (w, a)
        for w, a in zip(web, app, strict=True)
        if float(a["price"]["amount"]) < float(w["price"]["amount"])
    ]
    assert cheaper_in_app, "the sample has an app-only promotion"
    assert same_web_app > len(web) // 2, "most prices are identical across channels"
    assert [w["price"] for w in web] == [s["price"] for s in store], "store matches web"


async def test_invalid_context_values_are_coded_errors(gateway: GraphQLClient) -> None:
    payload = await gateway.post(
        'query @inContext(country: "FRA") { products(first: 1) { totalCount } }'
    )
    assert payload.get("data") is None
    assert payload["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "CountryCode" in payload["errors"][0]["message"]
    status, content_type, body = await gateway.raw(
        "POST",
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"X-Omnicanal-Channel": "TELEPATHY"},
    )
    assert status == 400
    assert content_type == "application/json"
    assert "INVALID_CONTEXT" in body
