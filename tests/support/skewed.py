"""A sample back office whose price list is wrong for one SKU on one channel, as a back end
with a stray channel price row would be: `kind = "tests.support.skewed:SKEWED"` with
`skew = "SKU@CHANNEL=AMOUNT"`. The wrong price comes without a rule saying why, which is
what `omnicanal consistency` must catch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from connectors.base import DOMAINS, ConnectorEnv, ConnectorSpec
from connectors.context import Channel, CommerceContext
from connectors.models import Money, Price
from connectors.sample import SPEC as SAMPLE


@dataclass(frozen=True)
class SkewedSettings:
    database: str = ""
    skew: str = ""  # SKU@CHANNEL=AMOUNT


class SkewedConnector:
    def __init__(self, inner: Any, sku: str, channel: Channel, amount: Decimal) -> None:
        self._inner = inner
        self._skew = (sku, channel, amount)
        self.name = inner.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        sku, channel, amount = self._skew
        found = await self._inner.prices(skus, ctx)
        return [
            replace(p, amount=Money(amount, p.amount.currency))
            if p is not None and p.sku == sku and ctx.channel is channel
            else p
            for p in found
        ]


def _build(settings: SkewedSettings, env: ConnectorEnv) -> Any:
    inner = SAMPLE.factory(SAMPLE.settings_type(database=settings.database), env)
    target, amount = settings.skew.split("=")
    sku, channel = target.split("@")
    return SkewedConnector(inner, sku, Channel(channel), Decimal(amount))


SKEWED = ConnectorSpec(
    name="skewed-sample",
    domains=frozenset(DOMAINS),
    settings_type=SkewedSettings,
    factory=_build,
    max_batch_size=SAMPLE.max_batch_size,
    cache_ttls=SAMPLE.cache_ttls,
)
