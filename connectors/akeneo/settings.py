"""AkeneoSettings: where the PIM is, the API connection's credentials, and how the commerce
context maps onto Akeneo's channel (`scope`) and locale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from connectors.base import SettingsError
from connectors.context import Channel, CommerceContext

MAX_BATCH = 100  # Akeneo's cap on `limit` and on the values of an identifier IN filter
DEFAULT_LOCALES: Mapping[str, str] = {"fr": "fr_FR", "en": "en_US"}


@dataclass(frozen=True, slots=True)
class ValueSelection:
    """Which product values one context reads: Akeneo's channel and locale, and the locale
    to fall back to where a value is missing in the context's own."""

    scope: str
    locale: str
    fallback_locale: str

    @property
    def locales(self) -> str:
        return ",".join(dict.fromkeys((self.locale, self.fallback_locale)))


@dataclass(frozen=True, slots=True)
class AkeneoSettings:
    base_url: str
    client_id: str
    client_secret: str
    username: str
    password: str
    scope: str = "ecommerce"
    # Akeneo channel per omnicanal channel where it is not `scope`, e.g. {APP = "mobile"}.
    channel_scopes: Mapping[str, str] = field(default_factory=dict)
    # omnicanal language -> Akeneo locale; other languages read `fallback_locale`.
    locales: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LOCALES))
    fallback_locale: str = "en_US"
    timeout_s: float = 5.0
    # The event subscription's secret (X-Akeneo-Request-Signature); empty: webhooks refused.
    webhook_secret: str = ""
    retry_attempts: int = 3
    max_batch: int = MAX_BATCH
    # Attributes, options and family variants change rarely; they are re-read this often.
    structure_ttl_s: float = 600.0
    # A token is renewed this long before Akeneo says it expires (at most half its life).
    refresh_margin_s: float = 60.0

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError("base_url", "expected an http:// or https:// URL")
        if not 1 <= self.max_batch <= MAX_BATCH:
            raise SettingsError("max_batch", f"expected 1 to {MAX_BATCH}")
        if self.retry_attempts < 1:
            raise SettingsError("retry_attempts", "expected at least 1")
        _check_mapping("channel_scopes", self.channel_scopes, {c.value for c in Channel})
        _check_mapping("locales", self.locales, None)

    def scopes(self) -> frozenset[str]:
        """Every Akeneo channel this instance reads."""
        return frozenset({self.scope, *self.channel_scopes.values()})

    def selection(self, ctx: CommerceContext) -> ValueSelection:
        scope = self.channel_scopes.get(ctx.channel.value, self.scope)
        locale = self.locales.get(ctx.language, self.fallback_locale)
        return ValueSelection(scope, locale, self.fallback_locale)


def _check_mapping(key: str, value: object, allowed_keys: set[str] | None) -> None:
    if not isinstance(value, Mapping):
        raise SettingsError(key, f"expected a table, got {type(value).__name__}")
    for name, target in value.items():
        if allowed_keys is not None and name not in allowed_keys:
            raise SettingsError(f"{key}.{name}", f"expected one of {sorted(allowed_keys)}")
        if not isinstance(target, str) or not target:
            raise SettingsError(f"{key}.{name}", "expected a non-empty string")
