"""What a contract suite puts through its tests: one connector, a way to count its upstream
calls, and a few keys only its back end knows (the suites discover the rest through the
connector itself)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import ConnectorSpec


@dataclass
class UnderTest:
    name: str
    spec: ConnectorSpec
    connector: Any
    # Requests the connector has sent upstream so far (the suites assert one per batch).
    upstream_calls: Callable[[], int]
    page_handle: str = "home"
    customer_id: str = ""
    # For providers without a catalog: keys their back end knows.
    known_product_ids: tuple[str, ...] = ()
    known_skus: tuple[str, ...] = ()
    # Email and password of a customer, for providers that sign customers in.
    credentials: tuple[str, str] | None = None

    def serves(self, domain: str) -> bool:
        return domain in self.spec.domains


# `provide(data_dir)`: an async context manager that starts the connector (and whatever
# emulator it talks to) and yields it ready; it closes both on exit.
Provider = Callable[[Path], AbstractAsyncContextManager[UnderTest]]
