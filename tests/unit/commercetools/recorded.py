"""Recorded commercetools answers (real API shapes), and the reference data built from
them, for the unit tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from connectors.commercetools import reference

RECORDED = Path(__file__).parent / "recorded"
FR = ("fr-FR", "en-GB")
EN = ("en-GB", "en-GB")


def load(name: str) -> Any:
    return json.loads((RECORDED / name).read_text())


def ref() -> reference.Reference:
    data = load("reference.json")
    return reference.build(
        data["channels"],
        data["customer_groups"],
        [load("product_type.json")],
        data["product_discounts"],
    )
