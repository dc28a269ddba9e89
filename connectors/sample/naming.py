"""Identifier and text conventions of the sample back office."""

from __future__ import annotations

import re
import unicodedata

from connectors.context import CommerceContext

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def product_id(number: int) -> str:
    return f"P{number:06d}"


def make_sku(number: int, colour: str | None = None, size: str | None = None) -> str:
    """`OC-000123`, `OC-000123-BLK` or `OC-000123-BLK-M`."""
    parts = [f"OC-{number:06d}", colour, size]
    return "-".join(part for part in parts if part)


def fold(text: str) -> str:
    """Lower case without accents: what search and sorting compare."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str) -> str:
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def language(ctx: CommerceContext) -> str:
    """The column suffix for the context's language: "fr" or "en" (the fallback). It is
    interpolated into SQL, so it must only ever be one of these two literals."""
    return "fr" if ctx.language.lower().split("-")[0] == "fr" else "en"
