"""Checking the lines a client sends (cart, reservation, pickup search)."""

from __future__ import annotations

from typing import Protocol

from connectors import models
from schema.common import UserError
from schema.context import Info
from schema.payloads import Refused

MAX_LINE_QUANTITY = 999
MAX_LINES = 100


class LineLike(Protocol):
    sku: str
    quantity: int


def merged_lines(lines: list[LineLike], field: str = "lines") -> tuple[models.LineRequest, ...]:
    """One line per SKU (a SKU given twice adds up), each quantity in 1..999."""
    if not lines or len(lines) > MAX_LINES:
        raise Refused("INVALID_LINES", f"give between 1 and {MAX_LINES} lines", [field])
    wanted: dict[str, int] = {}
    for index, line in enumerate(lines):
        check_quantity(line.quantity, [field, str(index), "quantity"], minimum=1)
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    for sku, quantity in wanted.items():
        check_quantity(quantity, [field], minimum=1, what=f"the total quantity of {sku}")
    return tuple(models.LineRequest(sku, q) for sku, q in wanted.items())


def check_quantity(
    quantity: int, field: list[str], minimum: int = 1, what: str = "quantity"
) -> None:
    if not minimum <= quantity <= MAX_LINE_QUANTITY:
        raise Refused(
            "INVALID_QUANTITY", f"{what} must be between {minimum} and {MAX_LINE_QUANTITY}", field
        )


async def check_skus_exist(
    info: Info, lines: tuple[models.LineRequest, ...], field: str = "lines"
) -> None:
    """Every SKU names a variant the catalogue knows (one batched lookup)."""
    c = info.context
    products = await c.loaders.product_by_sku.load_many(c.commerce, [line.sku for line in lines])
    unknown = [
        line.sku
        for line, product in zip(lines, products, strict=True)
        if product is None or line.sku not in {v.sku for v in product.variants}
    ]
    if unknown:
        raise Refused.many([_unknown(sku, field) for sku in unknown])


def _unknown(sku: str, field: str) -> UserError:
    return UserError(code="UNKNOWN_SKU", field=[field], message=f"no product has the SKU {sku!r}")
