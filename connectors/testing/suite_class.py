"""The contract suites as one test class for a connector package's own tests, as the Singer
SDK's `get_tap_test_class` is for taps:

    TestMyConnector = connector_test_class(provide)

`provide(data_dir)` is an async context manager yielding an `UnderTest` (the connector
started, and a counter of its upstream calls). Every suite of connectors/testing runs
against it, the read-side suites and the transaction suite: tests of a domain the
connector's manifest does not claim, or of a transaction Protocol it does not implement,
are skipped, saying so. The class works with pytest-asyncio in strict mode as in auto
mode."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import pytest_asyncio

from connectors.base import DOMAINS
from connectors.context import CommerceContext
from connectors.models import Product
from connectors.testing import (
    catalog_suite,
    content_orders_loyalty_suite,
    keys,
    pricing_inventory_suite,
    transactions_suite,
)
from connectors.testing.capabilities import CAPABILITIES, offering
from connectors.testing.under_test import Provider, UnderTest

SUITES: tuple[ModuleType, ...] = (
    catalog_suite,
    pricing_inventory_suite,
    content_orders_loyalty_suite,
    transactions_suite,
)
TestFunction = Callable[..., Coroutine[Any, Any, None]]


def suite_tests() -> dict[str, TestFunction]:
    """Every contract test, by name."""
    return {
        name: test
        for module in SUITES
        for name, test in vars(module).items()
        if name.startswith("test_") and inspect.iscoroutinefunction(test)
    }


class ConnectorContract:
    """The fixtures the suites ask for; `connector_test_class` adds the provider and tests."""

    data_dir: Path | None = None
    provide: Provider

    @pytest_asyncio.fixture
    async def under_test(self, tmp_path: Path) -> AsyncIterator[UnderTest]:
        # A fresh connector per test: the class must not depend on the caller's loop scope.
        async with type(self).provide(self.data_dir or tmp_path) as provider:
            yield provider

    @pytest.fixture
    def ctx(self) -> CommerceContext:
        return CommerceContext()

    @pytest_asyncio.fixture
    async def some_products(self, under_test: UnderTest, ctx: CommerceContext) -> list[Product]:
        return await keys.some_products(under_test, ctx)

    @pytest_asyncio.fixture
    async def some_product_ids(self, under_test: UnderTest, ctx: CommerceContext) -> list[str]:
        return await keys.some_product_ids(under_test, ctx)

    @pytest_asyncio.fixture
    async def some_skus(self, under_test: UnderTest, ctx: CommerceContext) -> list[str]:
        return await keys.some_skus(under_test, ctx)


def connector_test_class(
    provide: Provider, *, data_dir: Path | None = None, name: str = "TestConnectorContract"
) -> type[ConnectorContract]:
    """A test class running every contract suite against what `provide` yields; assign it
    to a `Test…` name in a test module. `data_dir` defaults to each test's tmp_path."""
    namespace: dict[str, Any] = {
        "provide": staticmethod(provide),
        "data_dir": data_dir,
        **{domain: _domain_fixture(domain) for domain in DOMAINS},
        **{capability: _capability_fixture(capability) for capability in CAPABILITIES},
        **{test_name: _method(test) for test_name, test in suite_tests().items()},
    }
    return type(name, (ConnectorContract,), namespace)


def _domain_fixture(domain: str) -> Any:
    def serving(self: object, under_test: UnderTest) -> UnderTest:
        return keys.serving(under_test, domain)

    return pytest.fixture(name=domain)(serving)


def _capability_fixture(capability: str) -> Any:
    def offered(self: object, under_test: UnderTest) -> UnderTest:
        return offering(under_test, capability)

    return pytest.fixture(name=capability)(offered)


def _method(test: TestFunction) -> Any:
    """The suite function as a method: same name, docstring and fixtures, plus `self`."""

    @functools.wraps(test)
    async def method(self: object, **fixtures: Any) -> None:
        await test(**fixtures)

    parameters = list(inspect.signature(test).parameters.values())
    own = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    method.__signature__ = inspect.Signature([own, *parameters])  # type: ignore[attr-defined]
    return pytest.mark.asyncio(method)
