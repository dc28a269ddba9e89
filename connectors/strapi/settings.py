"""Settings of the Strapi connector (the `[connectors.<name>.settings]` table)."""

from __future__ import annotations

from dataclasses import dataclass, field

from connectors.base import SettingsError

# Strapi's default `api.rest.maxLimit`: the most entries one Content API page holds.
STRAPI_MAX_PAGE_SIZE = 100


def _default_locales() -> dict[str, str]:
    return {"fr": "fr", "en": "en"}


@dataclass(frozen=True, slots=True)
class StrapiSettings:
    # The Strapi server, e.g. "https://cms.example.com" (the Content API is under /api).
    base_url: str
    # An API token (Settings > API Tokens); read-only is enough. Use "${STRAPI_TOKEN}".
    api_token: str
    # The plural API ids of the two collection types.
    page_collection: str = "pages"
    product_content_collection: str = "product-contents"
    # The attributes that hold a page's handle and a product content's product id.
    handle_field: str = "slug"
    product_id_field: str = "productId"
    # Context language -> Strapi locale code; unmapped languages use the default locale.
    locales: dict[str, str] = field(default_factory=_default_locales)
    # Asked for when an entry has no translation in the context's locale.
    default_locale: str = "fr"
    # Prefix of relative media URLs ("/uploads/…", the local upload provider); default base_url.
    media_base_url: str = ""
    page_size: int = STRAPI_MAX_PAGE_SIZE
    timeout_s: float = 5.0
    # Strapi's webhooks send it as `Authorization: Bearer <secret>`; empty: webhooks refused.
    webhook_secret: str = ""

    def __post_init__(self) -> None:
        if not self.api_token:
            raise SettingsError("api_token", "must not be empty")
        if not 1 <= self.page_size <= STRAPI_MAX_PAGE_SIZE:
            raise SettingsError("page_size", f"must be between 1 and {STRAPI_MAX_PAGE_SIZE}")
        locales = self.locales
        if not isinstance(locales, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in locales.items()
        ):
            raise SettingsError("locales", "expected a table of language = locale code")

    def locale_for(self, language: str) -> str:
        """The Strapi locale for a context language: "en-GB" is looked up as itself, then
        as "en"; a language not in `locales` gets the default locale."""
        tag = language.lower()
        locales = {k.lower(): v for k, v in self.locales.items()}
        mapped = locales.get(tag) or locales.get(tag.split("-")[0])
        return mapped or self.default_locale

    @property
    def media_prefix(self) -> str:
        return (self.media_base_url or self.base_url).rstrip("/")
