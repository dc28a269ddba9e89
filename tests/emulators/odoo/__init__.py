"""An Odoo emulator (Odoo cannot run here), written from Odoo's External API
documentation: JSON-RPC on `/jsonrpc` with `common.authenticate`/`login` and
`object.execute_kw` (search_read, read, search, search_count with `fields`, `limit`,
`offset`, `order`), Odoo's domain grammar and its error envelope. It counts calls.

    odoo = await serve()
    ...  # point a connector at odoo.base_url with DATABASE, LOGIN, PASSWORD
    await odoo.aclose()
"""

from tests.emulators.odoo.app import RunningOdoo, serve
from tests.emulators.odoo.dataset import DATABASE, LOGIN, PASSWORD

__all__ = ["DATABASE", "LOGIN", "PASSWORD", "RunningOdoo", "serve"]
