"""GraphiQL as a developer meets it: the page the gateway serves opens in a real headless
Chromium, its example tabs are there, the listing tab runs and its products show in the
result pane, and nothing the page loads or calls comes from anywhere but the gateway."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, ConsoleMessage, Page, Request, expect

from gateway.examples import LISTING, graphiql_tabs
from tests.support.server import GraphQLClient

SCREENSHOT = "/tmp/omnicanal-graphiql.png"
UI_TIMEOUT_MS = 20_000
OPERATION_NAME = re.compile(r"^(?:query|mutation|subscription) (\w+)")


@dataclass
class PageLog:
    """Every request the page made and every error it reported."""

    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _request(self, request: Request) -> None:
        self.requests.append(request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":  # a refused load, a CSP violation, a React crash…
            self.errors.append(f"console: {message.text}")

    def graphql_posts(self, operation: str) -> list[Request]:
        return [r for r in self.requests if r.method == "POST" and operation in (r.post_data or "")]


async def _open_graphiql(chromium: Browser, gateway: GraphQLClient, log: PageLog) -> Page:
    page = await chromium.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(UI_TIMEOUT_MS)
    log.watch(page)
    await page.goto(gateway.base_url + "/graphql")
    await expect(page.locator(".graphiql-execute-button")).to_be_visible()
    return page


async def _first_listed_product(gateway: GraphQLClient) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = (await gateway.data(LISTING))["products"]["nodes"]
    return nodes[0]


async def test_the_listing_tab_runs_offline_and_shows_products(
    chromium: Browser, ide_gateway: GraphQLClient
) -> None:
    expected = await _first_listed_product(ide_gateway)
    log = PageLog()
    page = await _open_graphiql(chromium, ide_gateway, log)
    try:
        await page.locator(".graphiql-tab", has_text="Listing").click()
        # Focus the editor below the query's text, where no field's hover tooltip opens.
        editor = page.locator(".graphiql-query-editor .CodeMirror")
        await editor.click(position={"x": 300, "y": 480})
        await page.keyboard.press("Control+Enter")
        result = page.locator(".result-window")
        await expect(result).to_contain_text(expected["title"])
        await expect(result).to_contain_text(expected["sku"])
        await expect(result).to_contain_text('"totalCount"')
        await page.screenshot(path=SCREENSHOT)
    finally:
        await page.close()
    assert len(log.graphql_posts("query Listing")) == 1, "Ctrl-Enter ran the listing once"
    loaded = {urlsplit(r.url).path.rsplit("/", 1)[-1] for r in log.requests}
    assert {"react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css"} <= loaded
    elsewhere = [r.url for r in log.requests if not _from_gateway(r.url, ide_gateway)]
    assert elsewhere == [], "the page must need no network but the gateway"
    assert log.errors == []


async def test_the_tabs_are_the_examples_with_the_click_and_collect_flow(
    chromium: Browser, ide_gateway: GraphQLClient
) -> None:
    log = PageLog()
    page = await _open_graphiql(chromium, ide_gateway, log)
    try:
        await expect(page.locator(".graphiql-tab")).to_have_count(len(graphiql_tabs()))
        names = [name.strip() for name in await page.locator(".graphiql-tab").all_inner_texts()]
        await page.locator(".graphiql-tab", has_text="HoldThemThere").click()
        await page.get_by_role("button", name="Headers").click()
        await expect(page.locator(".graphiql-editor-tool")).to_contain_text("Authorization")
    finally:
        await page.close()
    assert names == [_operation_name(tab["query"]) for tab in graphiql_tabs()]
    flow = ["SignIn", "OutOfStockOnline", "StoresWithAllThree", "HoldThemThere"]
    assert names[-len(flow) :] == flow
    assert log.errors == []


def _operation_name(document: str) -> str:
    match = OPERATION_NAME.match(document)
    assert match, f"every example is a named operation: {document[:40]}"
    return match.group(1)


def _from_gateway(url: str, gateway: GraphQLClient) -> bool:
    parts, gateway_parts = urlsplit(url), urlsplit(gateway.base_url)
    if parts.scheme == "data":  # inline fonts and icons of the stylesheet
        return True
    return (parts.scheme, parts.netloc) == (gateway_parts.scheme, gateway_parts.netloc)


async def test_the_explain_panel_shows_the_connectors_a_query_called(
    chromium: Browser, ide_gateway: GraphQLClient
) -> None:
    log = PageLog()
    page = await _open_graphiql(chromium, ide_gateway, log)
    try:
        await page.get_by_role("button", name="Show Explain").click()
        await page.get_by_label("Explain queries").check()
        await page.locator(".graphiql-tab", has_text="Listing").click()
        editor = page.locator(".graphiql-query-editor .CodeMirror")
        await editor.click(position={"x": 300, "y": 480})
        await page.keyboard.press("Control+Enter")
        panel = page.locator(".omnicanal-explain")
        await expect(panel).to_contain_text("prices")
        await expect(panel).to_contain_text("PriceBySku")
        await expect(panel).to_contain_text("Product.price")
    finally:
        await page.close()
    (listing,) = log.graphql_posts("query Listing")
    assert listing.headers.get("x-omnicanal-explain") == "true"
    assert log.errors == []
