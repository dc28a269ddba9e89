"""An Akeneo PIM emulator (Akeneo is PHP and cannot run here), written from Akeneo's
published REST API reference: the same paths, the `search` filter grammar, `limit` ≤ 100,
HAL pages with `_links.next` for page and search-after pagination, OAuth password and
refresh grants with expiring tokens, Akeneo's error bodies. It counts requests per path
and can serve 429/5xx/malformed answers on demand.

    akeneo = await serve()
    ...  # point a connector at akeneo.base_url with CLIENT_ID, SECRET, USERNAME, PASSWORD
    await akeneo.aclose()
"""

from tests.emulators.akeneo.app import (
    CLIENT_ID,
    PASSWORD,
    SECRET,
    TOKEN_PATH,
    USERNAME,
    RunningAkeneo,
    serve,
)

__all__ = ["CLIENT_ID", "PASSWORD", "SECRET", "TOKEN_PATH", "USERNAME", "RunningAkeneo", "serve"]
