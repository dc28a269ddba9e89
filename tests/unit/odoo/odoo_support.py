"""Shared by the Odoo connector tests: settings for a connector on the emulator and the
type of the `make` fixture."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from connectors.odoo import OdooConnector
from tests.emulators.odoo import DATABASE, LOGIN, PASSWORD, RunningOdoo

INSTANCE = "erp"
PRICELISTS = {"default": "Retail", "pro": "Pro", "default@APP": "App"}
SHOPS = ["PAR1", "LYO1", "MRS1", "BDX1", "LIL1", "BRU1"]


class Make(Protocol):
    def __call__(self, start: bool = True, **overrides: Any) -> Awaitable[OdooConnector]: ...


def settings_for(emulator: RunningOdoo, **overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "base_url": emulator.base_url,
        "database": DATABASE,
        "login": LOGIN,
        "api_key": PASSWORD,
        "pricelists": PRICELISTS,
        "store_warehouses": SHOPS,
    }
    return raw | overrides
