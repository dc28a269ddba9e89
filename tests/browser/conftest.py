"""A real browser on a real gateway: Debian's Chromium (installed by scripts/install-debian.sh,
which scripts/test runs) driven by Playwright's Python package. Playwright's own browser
download is never used; a missing Chromium fails the tests rather than skipping them."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from tests.conftest import instrumented_config
from tests.support.server import GraphQLClient, running_gateway

CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing of the browser's own that talks to the network (updates, sync,
# safe-browsing lists…): every request the page makes is then the page's.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
]
LAUNCH_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=_chromium(), args=CHROMIUM_ARGS, timeout=LAUNCH_TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture(scope="session")
async def ide_gateway(sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """The sample behind the instrumented wrapper, GraphiQL switched on explicitly."""
    config = dataclasses.replace(instrumented_config(sample_dir), graphiql=True)
    async with running_gateway(config) as client:
        yield client


def _chromium() -> str:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install-debian.sh"
    return CHROMIUM
