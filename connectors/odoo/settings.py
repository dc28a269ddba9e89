"""OdooSettings: where Odoo is, the API user's credentials, which API to speak, and which
pricelist serves each customer group and channel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from connectors.base import SettingsError
from connectors.context import DEFAULT_CUSTOMER_GROUP, Channel, CommerceContext

# Values of one `in` domain per search_read: Odoo has no hard cap, but a domain this long
# stays well under any proxy's request-size limit and reads in one SQL query.
MAX_BATCH = 200
APIS = ("jsonrpc", "json2")


@dataclass(frozen=True, slots=True)
class OdooSettings:
    base_url: str
    database: str
    login: str
    # The user's password or, better, an API key (Preferences > Account Security).
    api_key: str
    # Customer group, or "group@CHANNEL", -> the name of an Odoo pricelist. A context reads
    # "group@CHANNEL", then "group", then "default@CHANNEL", then "default"; of the
    # pricelists with that name, the one in the context's currency.
    pricelists: Mapping[str, str] = field(default_factory=lambda: {"default": "Public Pricelist"})
    # "jsonrpc": `/jsonrpc` execute_kw (every Odoo); "json2": `/json/2/<model>/<method>`
    # with a bearer API key (Odoo 19 and later).
    api: str = "jsonrpc"
    timeout_s: float = 5.0
    retry_attempts: int = 3
    max_batch: int = MAX_BATCH
    # Pricelists, their rules, categories and currency rates are re-read this often.
    rules_ttl_s: float = 300.0
    # The company currency, in which product list and cost prices are kept.
    company_currency: str = "EUR"
    # Codes of the stock.warehouse records that are shops (click and collect); every
    # other warehouse ships online orders.
    store_warehouses: Sequence[str] = ()

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError("base_url", "expected an http:// or https:// URL")
        for key in ("database", "login", "api_key"):
            if not getattr(self, key):
                raise SettingsError(key, "expected a non-empty string")
        if self.api not in APIS:
            raise SettingsError("api", f"expected one of {list(APIS)}")
        if not 1 <= self.max_batch <= MAX_BATCH:
            raise SettingsError("max_batch", f"expected 1 to {MAX_BATCH}")
        if self.retry_attempts < 1:
            raise SettingsError("retry_attempts", "expected at least 1")
        if self.rules_ttl_s <= 0:
            raise SettingsError("rules_ttl_s", "expected a positive number of seconds")
        _check_pricelists(self.pricelists)
        codes = self.store_warehouses
        if isinstance(codes, str) or not all(isinstance(c, str) and c for c in codes):
            raise SettingsError("store_warehouses", "expected a list of warehouse codes")
        object.__setattr__(self, "store_warehouses", tuple(codes))  # TOML gives a list

    def pricelist_for(self, ctx: CommerceContext) -> str | None:
        """The pricelist name that prices this context, or None when none is configured."""
        key = self.pricelist_key(ctx)
        return None if key is None else self.pricelists[key]

    def pricelist_key(self, ctx: CommerceContext) -> str | None:
        """The `pricelists` key choosing this context's pricelist (it tells a channel's or a
        group's pricelist from everyone's), or None."""
        channel = ctx.channel.value
        for key in (
            f"{ctx.customer_group}@{channel}",
            ctx.customer_group,
            f"{DEFAULT_CUSTOMER_GROUP}@{channel}",
            DEFAULT_CUSTOMER_GROUP,
        ):
            if key in self.pricelists:
                return key
        return None

    def group_for(self, pricelist: str) -> str | None:
        """The customer group a partner buys in when Odoo gives it this pricelist: the
        first plain (channel-less) key naming it, in the file's order; None when none
        does (the partner buys in the default group)."""
        for key, name in self.pricelists.items():
            if name == pricelist and "@" not in key:
                return str(key)
        return None


def _check_pricelists(value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        raise SettingsError("pricelists", "expected a non-empty table")
    channels = {c.value for c in Channel}
    for key, name in value.items():
        _, _, channel = str(key).partition("@")
        if channel and channel not in channels:
            raise SettingsError(f"pricelists.{key}", f"expected a channel of {sorted(channels)}")
        if not isinstance(name, str) or not name:
            raise SettingsError(f"pricelists.{key}", "expected a pricelist name")
