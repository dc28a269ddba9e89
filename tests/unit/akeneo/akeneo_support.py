"""Shared by the Akeneo connector tests: settings for a connector on the emulator, the
type of the `make` fixture, and the paths the emulator counts."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from connectors.akeneo import AkeneoConnector
from connectors.context import CommerceContext
from tests.emulators.akeneo import CLIENT_ID, PASSWORD, SECRET, USERNAME, RunningAkeneo

INSTANCE = "pim-eu"
CTX = CommerceContext()
PRODUCTS = "/api/rest/v1/products"
MODELS = "/api/rest/v1/product-models"
CATEGORIES = "/api/rest/v1/categories"


class Make(Protocol):
    def __call__(self, start: bool = True, **overrides: Any) -> Awaitable[AkeneoConnector]: ...


def settings_for(emulator: RunningAkeneo, **overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "base_url": emulator.base_url,
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "username": USERNAME,
        "password": PASSWORD,
    }
    return raw | overrides


def simple_ids(emulator: RunningAkeneo) -> list[str]:
    """IDs of the enabled simple products, in catalogue order."""
    return [
        f"product:{p['identifier']}"
        for p in emulator.catalogue.products.values()
        if p["parent"] is None and p["enabled"]
    ]


def root_model_ids(emulator: RunningAkeneo) -> list[str]:
    """IDs of the root product models (sub-models are not products), in catalogue order."""
    return [f"model:{code}" for code, m in emulator.catalogue.models.items() if not m["parent"]]
