"""CommercetoolsSettings: where the project is, the API client's credentials, and how the
commerce context maps onto commercetools' locales, distribution channels and customer
groups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.base import SettingsError
from connectors.context import Channel

MAX_LIMIT = 500  # commercetools' cap on `limit` for query endpoints
DEFAULT_LOCALES: Mapping[str, str] = {"fr": "fr-FR", "en": "en-GB"}
SIGN_IN_FLOWS = ("login", "password")
# commercetools' FieldDefinition `name`: 2 to 36 of these characters.
FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{2,36}")


@dataclass(frozen=True, slots=True)
class CommercetoolsSettings:
    # e.g. "https://api.europe-west1.gcp.commercetools.com" and the matching auth host.
    api_url: str
    auth_url: str
    project_key: str
    client_id: str
    client_secret: str
    # Space-separated OAuth scopes; empty asks for `manage_project:<project_key>`.
    scopes: str = ""
    # omnicanal language -> commercetools locale; other languages read `fallback_locale`.
    locales: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LOCALES))
    fallback_locale: str = "en-GB"
    # omnicanal channel (WEB, APP, ...) -> key of a ProductDistribution channel: prices
    # scoped to that channel apply in that omnicanal channel.
    distribution_channels: Mapping[str, str] = field(default_factory=dict)
    # omnicanal customer group -> commercetools customer group key.
    customer_groups: Mapping[str, str] = field(default_factory=dict)
    # InventorySupply channels that are warehouses (their stock is sold online); every other
    # InventorySupply channel with a geoLocation is a store.
    warehouse_channels: tuple[str, ...] = ()
    # The Type (resourceTypeIds ["order"]) holding omnicanal's cart and order fields.
    cart_type_key: str = "omnicanal-cart"
    # The customer's Custom Field (of a Type with resourceTypeIds ["customer"]) holding
    # the loyalty card number, what `[identity.loyalty] link = "card"` matches; "": none.
    loyalty_card_field: str = "loyaltyCard"
    # "login": POST /{project}/login; "password": the OAuth password flow, then the customer.
    sign_in: str = "login"
    # Prefix of order numbers, followed by a digest of the checkout's idempotency key.
    order_number_prefix: str = "OC-"
    timeout_s: float = 5.0
    # Signs the relayed Messages (x-omnicanal-signature); empty: webhooks refused.
    webhook_secret: str = ""
    retry_attempts: int = 3
    max_batch: int = MAX_LIMIT
    # A `where` predicate's URL-encoded length above which a batch is split further.
    max_query_length: int = 8000
    # Channels, customer groups, product types and product discounts are re-read this often.
    reference_ttl_s: float = 300.0
    # A token is renewed this long before commercetools says it expires (at most half).
    refresh_margin_s: float = 300.0

    def __post_init__(self) -> None:
        for key in ("api_url", "auth_url"):
            if not getattr(self, key).startswith(("http://", "https://")):
                raise SettingsError(key, "expected an http:// or https:// URL")
        for key in ("project_key", "client_id", "client_secret", "cart_type_key"):
            if not getattr(self, key):
                raise SettingsError(key, "must not be empty")
        card = self.loyalty_card_field
        if not isinstance(card, str) or (card and not FIELD_NAME.fullmatch(card)):
            raise SettingsError(
                "loyalty_card_field", "expected a Custom Field name (2-36 of A-Z a-z 0-9 _ -)"
            )
        if not 1 <= self.max_batch <= MAX_LIMIT:
            raise SettingsError("max_batch", f"expected 1 to {MAX_LIMIT}")
        if self.max_query_length < 500:
            raise SettingsError("max_query_length", "expected at least 500")
        if self.retry_attempts < 1:
            raise SettingsError("retry_attempts", "expected at least 1")
        if self.sign_in not in SIGN_IN_FLOWS:
            raise SettingsError("sign_in", f"expected one of {list(SIGN_IN_FLOWS)}")
        channels = {c.value for c in Channel}
        _check_mapping("distribution_channels", self.distribution_channels, channels)
        _check_mapping("customer_groups", self.customer_groups, None)
        _check_mapping("locales", self.locales, None)
        warehouses = self.warehouse_channels
        if isinstance(warehouses, list):  # TOML arrays arrive as lists
            object.__setattr__(self, "warehouse_channels", tuple(warehouses))
        elif not isinstance(warehouses, tuple):
            raise SettingsError("warehouse_channels", "expected an array of channel keys")
        if not all(isinstance(k, str) and k for k in self.warehouse_channels):
            raise SettingsError("warehouse_channels", "expected non-empty channel keys")

    @property
    def scope(self) -> str:
        return self.scopes or f"manage_project:{self.project_key}"

    def locale(self, language: str) -> str:
        """The locale for a context language: "en-GB" is looked up as itself, then "en"."""
        tag = language.lower()
        locales = {k.lower(): v for k, v in self.locales.items()}
        return locales.get(tag) or locales.get(tag.split("-")[0]) or self.fallback_locale


def _check_mapping(key: str, value: object, allowed_keys: set[str] | None) -> None:
    if not isinstance(value, Mapping):
        raise SettingsError(key, f"expected a table, got {type(value).__name__}")
    for name, target in value.items():
        if allowed_keys is not None and name not in allowed_keys:
            raise SettingsError(f"{key}.{name}", f"expected one of {sorted(allowed_keys)}")
        if not isinstance(target, str) or not target:
            raise SettingsError(f"{key}.{name}", "expected a non-empty string")
