"""`omnicanal consistency SKU… [--config FILE] [--data-dir DIR] [--customer-group G]`.

For each channel, what the back ends the configuration wires show for each SKU: the price
and the rules behind it, the promotions, the online stock and the points one unit earns;
then every difference between channels, marked explained (a rule accounts for it) or not
(gateway/consistency.py). Exit status 1 when something is unexplained or a SKU is unknown,
so a merchant can run it after changing a price list, or in a nightly job.

The connectors are built as the gateway builds them (registry.plan and build, with the
configured resilience) but uncached: the point is what the systems say now.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import aiohttp

from connectors.base import DOMAINS
from connectors.context import DEFAULT_CUSTOMER_GROUP, Channel, CommerceContext
from connectors.errors import ConnectorError
from connectors.models import EarnQuery, Price, StockLevel
from connectors.unconfigured import NOT_CONFIGURED, unconfigured
from gateway.config import GatewayConfig
from gateway.consistency import ChannelView, Finding, base_amount, compare, unexplained
from gateway.registry import build, plan

MAX_SKUS = 500


def add_commands(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    check = sub.add_parser(
        "consistency", help="compare each SKU's price, promotions, stock and points per channel"
    )
    check.add_argument("skus", nargs="+", metavar="SKU")
    check.add_argument(
        "--customer-group",
        default=DEFAULT_CUSTOMER_GROUP,
        help="the group to price for (default: %(default)s)",
    )
    common(check)


def run(args: argparse.Namespace, config: GatewayConfig, out: TextIO | None = None) -> int:
    skus = list(dict.fromkeys(s.strip() for s in args.skus if s.strip()))
    if not skus or len(skus) > MAX_SKUS:
        print(f"omnicanal: give 1 to {MAX_SKUS} SKUs", file=sys.stderr)
        return 2
    base = CommerceContext(
        country=config.defaults.country,
        language=config.defaults.language,
        currency=config.defaults.currency,
        customer_group=args.customer_group,
    )
    try:
        report = asyncio.run(_gather(config, skus, base))
    except ConnectorError as exc:  # a back end that cannot even start
        print(f"omnicanal: {exc.public_message}", file=sys.stderr)
        return 2
    return report.print(out or sys.stdout)


@dataclass
class Report:
    views: dict[str, dict[Channel, ChannelView]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # domain -> code

    def print(self, out: TextIO) -> int:
        """The table and the findings; the exit status."""
        problems = 0
        for domain, code in sorted(self.failures.items()):
            # Not configured: nothing to compare. Failing: the check could not be made.
            print(f"{domain}: {code}", file=out)
            problems += code != NOT_CONFIGURED
        for sku, views in self.views.items():
            title = self.titles.get(sku)
            print(f"\n{sku}  {title or '(not in the catalogue)'}", file=out)
            if title is None and "catalog" not in self.failures:
                problems += 1
                print("  UNKNOWN     no product has this SKU", file=out)
                continue
            for view in views.values():
                print("  " + _row(view), file=out)
            findings = compare(sku, views)
            for finding in findings:
                print("  " + _finding(finding), file=out)
            problems += len(unexplained(findings))
            if not findings:
                print("  the same on every channel", file=out)
        print(f"\n{problems} unexplained", file=out)
        return 1 if problems else 0


@dataclass(frozen=True, slots=True)
class Wiring:
    """The connector serving each domain (a stand-in where none is configured) and the
    largest batch its manifest accepts."""

    serving: dict[str, Any]
    sizes: dict[str, int]

    async def batch(
        self, report: Report, domain: str, method: str, keys: list[Any], ctx: CommerceContext
    ) -> list[Any] | None:
        """All keys' answers, in batches of the connector's size; None when the domain
        cannot answer (not configured, down): its columns stay empty."""
        fetch = getattr(self.serving[domain], method)
        size = max(1, self.sizes.get(domain, 100))
        found: list[Any] = []
        try:
            for start in range(0, len(keys), size):
                found += await fetch(keys[start : start + size], ctx)
        except ConnectorError as exc:
            report.failures[domain] = exc.code
            return None
        return found


async def _gather(config: GatewayConfig, skus: list[str], base: CommerceContext) -> Report:
    planned = plan(config)
    async with aiohttp.ClientSession(raise_for_status=False) as session:
        built = build(planned, session, config.data_dir, cache=False, resilience=config.resilience)
        try:
            for connector in built.values():
                await connector.start()
            specs = {p.name: p.spec for p in planned}
            serving: dict[str, Any] = {d: unconfigured(d) for d in DOMAINS}
            serving.update({d: built[name] for d, name in config.domains.items()})
            sizes = {d: specs[name].max_batch_size for d, name in config.domains.items()}
            return await _read(Wiring(serving, sizes), skus, base)
        finally:
            await asyncio.gather(*(c.aclose() for c in built.values()), return_exceptions=True)


async def _read(wiring: Wiring, skus: list[str], base: CommerceContext) -> Report:
    report = Report(views={sku: {} for sku in skus})
    products = await wiring.batch(report, "catalog", "products_by_sku", skus, base)
    for sku, product in zip(skus, products or (), strict=False):
        if product is not None:
            report.titles[sku] = product.title
    for channel in Channel:
        ctx = CommerceContext(
            channel=channel, country=base.country, language=base.language,
            currency=base.currency, customer_group=base.customer_group,
        )  # fmt: skip
        await _read_channel(report, wiring, skus, ctx)
    return report


async def _read_channel(
    report: Report, wiring: Wiring, skus: list[str], ctx: CommerceContext
) -> None:
    found = await wiring.batch(report, "pricing", "prices", skus, ctx)
    prices: list[Price | None] = _filled(found, len(skus))
    stock: list[StockLevel | None] = _filled(
        await wiring.batch(report, "inventory", "stock", skus, ctx), len(skus)
    )
    priced = [(sku, p) for sku, p in zip(skus, prices, strict=True) if p is not None]
    queries = [EarnQuery(sku, p.amount) for sku, p in priced]
    earned = await wiring.batch(report, "loyalty", "points_for", queries, ctx) if queries else []
    points = dict(zip([s for s, _ in priced], _filled(earned, len(priced)), strict=True))
    missing = tuple(sorted(report.failures))
    for sku, price, level in zip(skus, prices, stock, strict=True):
        view = ChannelView(ctx.channel, price, level, points.get(sku), missing)
        report.views[sku][ctx.channel] = view


def _filled(found: list[Any] | None, size: int) -> list[Any]:
    return found if found is not None else [None] * size


def _row(view: ChannelView) -> str:
    price = view.price
    if price is None:
        priced = "no price".ljust(30)
        promotions = "-"
    else:
        rules = ", ".join(_rule(r.code, r.amount_off) for r in price.rules) or "no rule"
        amount = f"{price.amount.amount} {price.amount.currency}"
        priced = f"{amount} (base {base_amount(price)}; {rules})".ljust(30)
        promotions = ", ".join(p.code or p.title for p in price.promotions) or "-"
    stock = "-" if view.stock is None else f"{view.stock.online_quantity} online"
    points = "-" if view.points is None else f"{view.points} pts"
    return f"{view.channel.value:<12} {priced}  promotions: {promotions}  {stock}  {points}"


def _rule(code: str, off: Any) -> str:
    return code if off is None else f"{code} -{off.amount}"


def _finding(finding: Finding) -> str:
    mark = "explained  " if finding.explained else "UNEXPLAINED"
    return f"{mark} {finding.channel.value} {finding.aspect}: {finding.message}"
