"""The programme's reference data, read whole (four short lists) and kept for
`programme_ttl_s`: tiers, the campaign's reward assignments with the rewards they name,
and the earning rules."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from connectors.voucherify import earning, normalise
from connectors.voucherify.client import VoucherifyClient, segment
from connectors.voucherify.earning import EarnRule
from connectors.voucherify.normalise import Malformed, Offer, Tier
from connectors.voucherify.settings import VoucherifySettings


@dataclass(frozen=True, slots=True)
class Programme:
    tiers: tuple[Tier, ...]
    offers: tuple[Offer, ...]
    rules: tuple[EarnRule, ...]


async def read_programme(client: VoucherifyClient, settings: VoucherifySettings) -> Programme:
    campaign = f"/v1/loyalties/{segment(settings.campaign_id)}"
    tiers, assignments, rewards, rules = await asyncio.gather(
        client.read_all(f"{campaign}/tiers", "data"),
        client.read_all(f"{campaign}/rewards", "data"),
        client.read_all("/v1/rewards", "data"),
        client.read_all(f"{campaign}/earning-rules", "data"),
    )
    try:
        return Programme(
            tiers=tuple(sorted(map(normalise.tier, tiers), key=lambda t: t.low)),
            offers=normalise.offers(assignments, rewards, settings.discount_metadata_key),
            rules=earning.rules(rules, settings.channel_metadata_key, datetime.now(UTC)),
        )
    except Malformed as exc:
        raise normalise.bad(client.name, "programme", exc) from exc
