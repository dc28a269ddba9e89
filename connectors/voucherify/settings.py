"""VoucherifySettings: where the project's API is, its application keys, which loyalty
campaign is the programme, and how hard the connector may lean on the API."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.base import SettingsError

# Voucherify lists at most 100 objects per page (`limit` 1..100).
PAGE_LIMIT = 100
# Keys per batch the gateway hands the connector (the manifest's max_batch_size). Reads
# without a batch endpoint are made in parallel, `concurrency` at a time: this bounds a
# batch's requests, `concurrency` the load it puts on Voucherify at any moment.
MAX_BATCH = 100


@dataclass(frozen=True, slots=True)
class VoucherifySettings:
    # Application keys (Project settings > General > Application Keys).
    app_id: str
    app_token: str
    # The loyalty campaign whose cards are the members (`camp_...`).
    campaign_id: str
    # The cluster's API: https://api.voucherify.io (EU), https://us1.api.voucherify.io,
    # https://as1.api.voucherify.io, or a dedicated endpoint.
    base_url: str = "https://api.voucherify.io"
    # The programme's currency: earning rules count its cents; other prices earn nothing.
    currency: str = "EUR"
    # An order.paid earning rule whose metadata has this key applies only in the channels
    # it names (a string or a list, e.g. "STORE"): how a channel bonus is configured.
    channel_metadata_key: str = "channel"
    # A reward's metadata key holding what it takes off a cart, in cents (for rewards
    # whose value Voucherify does not state, such as a discount-coupon campaign).
    discount_metadata_key: str = "discount_amount"
    # Parallel reads, across all batches, where Voucherify has no batch read.
    concurrency: int = 8
    timeout_s: float = 5.0
    retry_attempts: int = 3
    # Tiers, earning rules and rewards are re-read this often.
    programme_ttl_s: float = 300.0
    # How many pages of 100 recent card transactions a posting reads to find an earlier
    # posting with its key (a retried checkout comes minutes, not thousands of
    # transactions, later).
    posted_scan_pages: int = 5

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError("base_url", "expected an http:// or https:// URL")
        for key in ("app_id", "app_token", "campaign_id"):
            if not getattr(self, key):
                raise SettingsError(key, "expected a non-empty string")
        if "/" in self.campaign_id or "?" in self.campaign_id:
            raise SettingsError("campaign_id", "expected a campaign id such as camp_...")
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise SettingsError("currency", "expected an ISO 4217 code")
        if not 1 <= self.concurrency <= 32:
            raise SettingsError("concurrency", "expected 1 to 32")
        if self.retry_attempts < 1:
            raise SettingsError("retry_attempts", "expected at least 1")
        if self.programme_ttl_s <= 0:
            raise SettingsError("programme_ttl_s", "expected a positive number of seconds")
        if not 1 <= self.posted_scan_pages <= 50:
            raise SettingsError("posted_scan_pages", "expected 1 to 50")
