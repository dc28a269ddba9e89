"""Strapi 5 as the content back end: CMS pages and the content blocks shown with products,
read through the REST Content API with an API token.

Configured as `kind = "strapi"` (entry point `connectors.strapi:SPEC`); the Strapi project
needs two i18n-enabled collection types, `page` (slug, title, blocks) and `product-content`
(productId, blocks), whose `blocks` is a repeatable component with `type`, `title`, `body`
and `media`. `tests/upstreams/strapi` is such a project.
"""

from __future__ import annotations

from connectors.base import ConnectorSpec
from connectors.strapi.connector import StrapiConnector, create_strapi_connector
from connectors.strapi.settings import StrapiSettings
from connectors.strapi.webhooks import strapi_webhooks

SPEC = ConnectorSpec(
    name="strapi",
    domains=frozenset({"content"}),
    settings_type=StrapiSettings,
    factory=create_strapi_connector,
    # One request's `$in` filter: Strapi's default page-size cap.
    max_batch_size=100,
    # Editors publish a few times a day; a five-minute delay before a change shows is usual.
    cache_ttls={"content": 300.0},
    webhooks=strapi_webhooks,
)

__all__ = ["SPEC", "StrapiConnector", "StrapiSettings"]
