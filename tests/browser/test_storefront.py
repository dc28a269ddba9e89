"""The reference storefront as a shopper meets it, in a real headless Chromium: the listing,
a hold made from a product page that shows in the account, a checkout whose order shows
there too, and the channel comparison with and without a publishable key. Nothing the page
loads or calls leaves the gateway, and nothing it logs is an error. Then the serving rule:
shown (with its Content-Security-Policy) when GraphiQL is, 404 in production."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Page, expect

from connectors.context import Channel
from gateway.config_access import AccessSettings, Anonymous
from gateway.config_sections import Mode
from gateway.keys.model import KeyKind
from gateway.storefront import POLICY
from tests.browser.test_graphiql import PageLog
from tests.conftest import instrumented_config
from tests.support.keys import issue_key
from tests.support.server import GraphQLClient, running_gateway

SCREENSHOTS = "/tmp/omnicanal-storefront-{}.png"
UI_TIMEOUT_MS = 20_000
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)")
HANDLER_ATTRIBUTE = re.compile(r"\son\w+=")
PRICE = re.compile(r"\d+,\d{2}\s€")  # French formatting of EUR, the sample's default context


@pytest.fixture
async def storefront_page(chromium: Browser) -> AsyncIterator[tuple[Page, PageLog]]:
    page = await chromium.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(UI_TIMEOUT_MS)
    log = PageLog()
    log.watch(page)
    try:
        yield page, log
    finally:
        await page.close()


async def _open(page: Page, gateway: GraphQLClient, route: str = "") -> None:
    await page.goto(f"{gateway.base_url}/storefront/{route}")


async def _shown(page: Page, route: str) -> None:
    """Wait until the page shows `route`, rendered in full."""
    await expect(page.locator("#page")).to_have_attribute("data-shown", route)


def _only_the_gateway(log: PageLog, gateway: GraphQLClient) -> None:
    home = urlsplit(gateway.base_url).netloc
    elsewhere = [r.url for r in log.requests if urlsplit(r.url).netloc != home]
    assert elsewhere == [], "the storefront needs no network but the gateway"
    assert home.startswith("127.0.0.1:")
    assert log.errors == []


async def test_the_listing_shows_24_products_with_prices_and_filters(
    storefront_page: tuple[Page, PageLog], ide_gateway: GraphQLClient
) -> None:
    page, log = storefront_page
    await _open(page, ide_gateway)
    cards = page.locator(".card")
    await expect(cards).to_have_count(24)
    prices = await page.locator(".card .price").all_inner_texts()
    assert len(prices) == 24
    assert all(PRICE.search(p) for p in prices), prices
    await expect(page.locator(".card .stock").first).to_contain_text("online")
    await page.screenshot(path=SCREENSHOTS.format("listing"), full_page=True)

    await page.get_by_label("Category").select_option("sport")
    await _shown(page, "#/?category=sport")
    await page.get_by_label("Search").fill("vélo")
    await page.get_by_role("button", name="Search").click()
    await _shown(page, "#/?q=v%C3%A9lo&category=sport")
    await expect(cards.first).to_contain_text("lo")  # vélo / Éclairage de vélo…
    assert await cards.count() <= 24
    posts = [r for r in log.requests if r.method == "POST"]
    assert posts
    assert all(urlsplit(r.url).path == "/graphql" for r in posts)
    _only_the_gateway(log, ide_gateway)


async def _sign_in(page: Page, gateway: GraphQLClient) -> None:
    await _open(page, gateway, "#/account")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("[data-testid=loyalty]")).to_contain_text("points")


async def _first_product(page: Page, gateway: GraphQLClient, category: str = "") -> str:
    await _open(page, gateway, f"#/?category={category}" if category else "")
    first = page.locator(".card a").first
    title = (await first.locator(".title").inner_text()).strip()
    await first.click()
    await expect(page.locator("h1")).to_have_text(title)
    return title


async def test_a_hold_from_the_product_page_shows_in_the_account(
    storefront_page: tuple[Page, PageLog], shop: GraphQLClient
) -> None:
    page, log = storefront_page
    await _sign_in(page, shop)
    await _first_product(page, shop)
    store_row = page.locator("[data-testid=stores] li").first
    store_name = (await store_row.locator(".store").inner_text()).split(" (")[0]
    await store_row.get_by_role("button", name="Reserve in store").click()
    await expect(page.locator(".notice.ok")).to_contain_text(f"Reserved at {store_name}")
    await page.screenshot(path=SCREENSHOTS.format("product"), full_page=True)
    await page.get_by_role("link", name="Account").click()
    held = page.locator("[data-testid=reservations] li", has_text=store_name)
    await expect(held).to_contain_text("HELD")
    await page.screenshot(path=SCREENSHOTS.format("account"), full_page=True)
    _only_the_gateway(log, shop)


async def test_checkout_completes_and_the_order_shows_in_the_account(
    storefront_page: tuple[Page, PageLog], shop: GraphQLClient
) -> None:
    page, log = storefront_page
    await _sign_in(page, shop)
    await _first_product(page, shop)
    await page.get_by_role("button", name="Add to cart").click()
    await expect(page.locator(".notice.ok")).to_contain_text("Added to your cart")
    await page.get_by_role("link", name="Cart").click()
    await expect(page.locator("[data-testid=cart-lines] tr")).to_have_count(2)  # head + line
    await page.get_by_role("button", name="Check out").click()
    confirmed = page.locator(".notice.ok")
    await expect(confirmed).to_contain_text("confirmed on WEB")
    number = re.search(r"Order (\S+)", await confirmed.inner_text())
    assert number, "the confirmation names the order"
    await page.screenshot(path=SCREENSHOTS.format("checkout"), full_page=True)
    await page.get_by_role("link", name="See it in your account").click()
    row = page.locator("[data-testid=orders] tr", has_text=number.group(1))
    await expect(row).to_contain_text("WEB")
    channels = set(await page.locator("[data-testid=orders] .badge").all_inner_texts())
    assert len(channels) > 1, "orders from every channel, not only this one"
    _only_the_gateway(log, shop)


async def test_the_channel_comparison_needs_a_key_beyond_web(
    storefront_page: tuple[Page, PageLog], shop: GraphQLClient, own_sample_dir: Path
) -> None:
    page, log = storefront_page
    await _first_product(page, shop, "sport")
    table = page.locator("[data-testid=channel-prices]")
    await expect(table.locator("[data-channel=WEB]")).to_contain_text("same price")
    await expect(table.locator("[data-channel=APP]")).to_contain_text("needs a key for channel APP")
    key = await issue_key(
        own_sample_dir, Channel.WEB, Channel.APP, kind=KeyKind.PUBLISHABLE,
        origins=(shop.base_url,),
    )  # fmt: skip
    product_url = page.url
    await _open(page, shop, "#/settings")
    await page.get_by_label("Publishable key").fill(key)
    await page.get_by_role("button", name="Save").click()
    await page.goto(product_url)
    app = table.locator("[data-channel=APP]")
    await expect(app).to_contain_text("Offre appli")  # the sport department's app-only rule
    await expect(app).to_contain_text(PRICE)
    await expect(table.locator("[data-channel=STORE]")).to_contain_text("needs a key")
    await page.screenshot(path=SCREENSHOTS.format("channels"), full_page=True)
    sent = [
        r
        for r in log.requests
        if r.method == "POST" and "StorefrontChannelPrice" in (r.post_data or "")
    ]
    assert any(r.headers.get("x-omnicanal-key") == key for r in sent)
    _only_the_gateway(log, shop)


# Serving


async def test_development_serves_it_under_its_policy(gateway: GraphQLClient) -> None:
    async with gateway.session.get(gateway.base_url + "/storefront") as response:
        assert response.status == 200
        assert response.url.path == "/storefront/"
        assert response.content_type == "text/html"
        assert response.headers["Content-Security-Policy"] == POLICY
        html = await response.text()
    assert not INLINE_SCRIPT.search(html), "every script is a file the policy allows"
    assert not HANDLER_ATTRIBUTE.search(html), "no inline event handler"
    for path, kind in (("app.js", "text/javascript"), ("storefront.css", "text/css")):
        async with gateway.session.get(f"{gateway.base_url}/storefront/{path}") as response:
            assert response.status == 200, path
            assert response.content_type == kind
            assert response.headers["Cache-Control"] == "no-cache"
    for path in ("/storefront/nope.js", "/storefront/../app.py", "/storefront/%2e%2e/app.py"):
        status, _, _ = await gateway.raw("GET", path)
        assert status == 404, path
    policy = dict(d.strip().split(" ", 1) for d in POLICY.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"


async def test_production_serves_it_only_with_graphiql(sample_dir: Path) -> None:
    public = AccessSettings(anonymous=Anonymous.PUBLIC)
    production = replace(
        instrumented_config(sample_dir), mode=Mode.PRODUCTION, token_secret="s" * 32,
        access=public,
    )  # fmt: skip
    async with running_gateway(production) as client:
        for path in ("/storefront", "/storefront/", "/storefront/app.js"):
            status, _, _ = await client.raw("GET", path)
            assert status == 404, path
    async with running_gateway(replace(production, graphiql=True)) as client:
        status, _, _ = await client.raw("GET", "/storefront/")
        assert status == 200
