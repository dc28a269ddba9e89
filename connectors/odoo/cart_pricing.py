"""CartPricer for Odoo: each line at its pricelist price *for the line's quantity*.

Odoo's pricelist rules have a minimum quantity (`min_quantity`), so a line of ten may cost
less per unit than a line of one: each line is quoted at its own quantity, as a sale order
line would be. Odoo's pricelists take no codes (promotion programmes are Odoo's separate
loyalty module, not read here), so every code of the request is answered UNKNOWN, which the
gateway turns into PROMOTION_CODE_UNKNOWN: a customer priced by Odoo (the pro group of the
composed example) sees no consumer promotion applied, rather than one the order would not
honour. One product read per batch of SKUs, as `prices()`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal

from connectors.codes import requested_codes
from connectors.context import CommerceContext
from connectors.models import (
    CartPricing,
    CartPricingRequest,
    CodeResult,
    CodeStatus,
    LinePricing,
    LineRequest,
    Money,
)
from connectors.odoo.book import Pricelist, PricelistBook
from connectors.odoo.rules import ProductFacts

ReadProducts = Callable[[list[str], PricelistBook], Awaitable[list[ProductFacts]]]
ZERO = Decimal("0.00")


async def price_cart(
    book: PricelistBook,
    pricelist: Pricelist | None,
    read_products: ReadProducts,
    request: CartPricingRequest,
    ctx: CommerceContext,
) -> CartPricing:
    currency = pricelist.currency if pricelist is not None else ctx.currency
    facts: dict[str, ProductFacts] = {}
    if pricelist is not None and request.lines:
        skus = list(dict.fromkeys(line.sku for line in request.lines))
        facts = {p.sku: p for p in await read_products(skus, book)}
    now = datetime.now(UTC).replace(tzinfo=None)  # Odoo's datetimes are naive UTC
    lines = tuple(_line(book, pricelist, facts.get(line.sku), line, now) for line in request.lines)
    subtotal = sum((line.subtotal.amount for line in lines), ZERO)
    return CartPricing(
        lines=lines,
        codes=tuple(
            CodeResult(code, CodeStatus.UNKNOWN) for code in requested_codes(request.codes)
        ),
        subtotal=Money(subtotal, currency),
        discounts=Money(ZERO, currency),
        total=Money(subtotal, currency),
    )


def _line(
    book: PricelistBook,
    pricelist: Pricelist | None,
    product: ProductFacts | None,
    line: LineRequest,
    now: datetime,
) -> LinePricing:
    currency = pricelist.currency if pricelist is not None else ""
    quote = None
    if pricelist is not None and product is not None:
        quote = book.quote(pricelist, product, Decimal(line.quantity), now)
    if quote is None:
        nothing = Money(ZERO, currency)
        return LinePricing(line.sku, line.quantity, None, nothing, nothing, nothing)
    unit = Money(quote.amount, currency).rounded()
    subtotal = Money(unit.amount * line.quantity, currency).rounded()
    return LinePricing(line.sku, line.quantity, unit, subtotal, Money(ZERO, currency), subtotal)
