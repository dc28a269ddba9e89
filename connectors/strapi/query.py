"""Content API query strings, in the bracket syntax Strapi parses with `qs`.

A batch is one `$in` filter with indexed values (`filters[slug][$in][0]=home&…[1]=about`),
so a key may hold any character, commas included; blocks are populated with only the two
media fields the canonical model needs.
"""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS_POPULATE = {
    "populate[blocks][populate][media][fields][0]": "url",
    "populate[blocks][populate][media][fields][1]": "alternativeText",
}


def find_params(
    key_field: str,
    keys: Sequence[str],
    locale: str,
    fields: Sequence[str],
    page: int,
    page_size: int,
) -> dict[str, str]:
    """One page of the published entries in `locale` whose `key_field` is one of `keys`."""
    params = {f"filters[{key_field}][$in][{i}]": key for i, key in enumerate(keys)}
    params.update({f"fields[{i}]": name for i, name in enumerate(fields)})
    params.update(BLOCKS_POPULATE)
    params.update(
        {
            "locale": locale,
            "status": "published",
            "sort[0]": "id:asc",
            "pagination[page]": str(page),
            "pagination[pageSize]": str(page_size),
        }
    )
    return params


def probe_params(key_field: str) -> dict[str, str]:
    """The smallest read of a collection: what readiness asks."""
    return {"fields[0]": key_field, "pagination[pageSize]": "1"}
