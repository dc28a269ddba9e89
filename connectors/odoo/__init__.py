"""Odoo (external API: JSON-RPC execute_kw, or JSON-2 on Odoo 19+) as the pricing and
inventory domains: pricelists and their rules per customer group and channel, evaluated
as Odoo does; stock per warehouse from stock.quant, shops among the warehouses. It also
serves customer accounts (CustomerAccounts: res.partner, its pricelist as the customer
group), which `[identity.accounts]` links to the OMS's customers by email.

    [connectors.erp]
    kind = "odoo"
    [connectors.erp.settings]
    base_url = "https://erp.example.com"
    database = "production"
    login = "api@example.com"
    api_key = "${ODOO_API_KEY}"
    pricelists = { default = "Public Pricelist", pro = "Pro", "default@APP" = "App" }
    store_warehouses = ["PAR1", "LYO1"]
"""

from __future__ import annotations

from connectors.base import ConnectorSpec
from connectors.odoo.connector import OdooConnector, create_odoo_connector
from connectors.odoo.settings import MAX_BATCH, OdooSettings

SPEC = ConnectorSpec(
    name="odoo",
    domains=frozenset({"pricing", "inventory"}),
    settings_type=OdooSettings,
    factory=create_odoo_connector,
    max_batch_size=MAX_BATCH,
    # Pricelists change by the day; a minute of staleness spares the ERP most reads.
    cache_ttls={"pricing": 60.0},
)

__all__ = ["SPEC", "OdooConnector", "OdooSettings"]
