"""Voucherify (REST API, application keys) as the loyalty domain: members are the loyalty
cards of one campaign, balances their points, earning rules what a purchase earns (with
channel bonuses), rewards the campaign's reward assignments; checkout posts earned and
spent points once per checkout key.

    [connectors.club]
    kind = "voucherify"
    [connectors.club.settings]
    base_url = "https://api.voucherify.io"
    app_id = "${VOUCHERIFY_APP_ID}"
    app_token = "${VOUCHERIFY_APP_TOKEN}"
    campaign_id = "camp_..."
"""

from __future__ import annotations

from connectors.base import ConnectorSpec
from connectors.voucherify.connector import VoucherifyConnector, create_voucherify_connector
from connectors.voucherify.settings import MAX_BATCH, VoucherifySettings

SPEC = ConnectorSpec(
    name="voucherify",
    domains=frozenset({"loyalty"}),
    settings_type=VoucherifySettings,
    factory=create_voucherify_connector,
    max_batch_size=MAX_BATCH,
    # Balances must be fresh after a purchase; the programme is cached inside.
    cache_ttls={"loyalty": 0.0},
)

__all__ = ["SPEC", "VoucherifyConnector", "VoucherifySettings"]
