"""`[identity]`: how a customer of the OMS is found in the other systems.

    [identity.loyalty]
    link = "email"        # or "card" (the loyalty card the OMS keeps for the customer)
    from = "commerce"     # the OMS instance; default: the one serving domains.orders
    ttl_s = 600           # how long a found link is kept (0: not cached)
    miss_ttl_s = 30       # how long "no member yet" is kept (0: asked every time)

    [identity.accounts]
    link = "email"
    from = "commerce"     # default: the instance serving domains.orders
    to = "erp"            # an instance with customer accounts (Odoo): its customer
                          # group replaces the OMS's for the customers it knows

The loyalty link maps to the instance serving domains.loyalty, which must find members
(LoyaltyMembers); the instances named must serve a domain. What needs the connectors
built (their capabilities) is checked at start-up by gateway.identity_wiring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config_error import ConfigError, only_keys, sub_table

LINKS = {"loyalty": ("email", "card"), "accounts": ("email",)}
DEFAULT_TTL_S = 600.0
DEFAULT_MISS_TTL_S = 30.0
MAX_TTL_S = 86_400.0


@dataclass(frozen=True, slots=True)
class IdentityLink:
    """One connector pair: customers of `source` (the OMS) found in `target` by `link`."""

    kind: str  # "loyalty" or "accounts"
    link: str
    source: str
    target: str
    ttl_s: float = DEFAULT_TTL_S
    miss_ttl_s: float = DEFAULT_MISS_TTL_S

    @property
    def key(self) -> str:
        return f"identity.{self.kind}"


@dataclass(frozen=True, slots=True)
class IdentitySettings:
    loyalty: IdentityLink | None = None
    accounts: IdentityLink | None = None


def parse_identity(
    table: Mapping[str, Any], instances: Mapping[str, Any], domains: Mapping[str, str], source: str
) -> IdentitySettings:
    only_keys(table, set(LINKS), "identity.", source)
    return IdentitySettings(
        loyalty=_link("loyalty", table, instances, domains, source),
        accounts=_link("accounts", table, instances, domains, source),
    )


def _link(
    kind: str,
    table: Mapping[str, Any],
    instances: Mapping[str, Any],
    domains: Mapping[str, str],
    source: str,
) -> IdentityLink | None:
    if kind not in table:
        return None
    body = sub_table(table, kind, source, "identity.")
    key = f"identity.{kind}."
    only_keys(body, {"link", "from", "to", "ttl_s", "miss_ttl_s"}, key, source)
    link = body.get("link")
    if link not in LINKS[kind]:
        raise ConfigError(source, key + "link", f"required: one of {list(LINKS[kind])}")
    oms = _instance(body, "from", domains.get("orders"), instances, domains, source, key)
    served = domains.get("loyalty") if kind == "loyalty" else None
    target = _instance(body, "to", served, instances, domains, source, key)
    if kind == "loyalty" and target != domains.get("loyalty"):
        raise ConfigError(
            source, key + "to", "the loyalty link maps to the instance serving domains.loyalty"
        )
    if oms == target:
        raise ConfigError(source, key + "to", f"links {oms!r} to itself")
    return IdentityLink(
        kind,
        str(link),
        oms,
        target,
        _seconds(body, "ttl_s", DEFAULT_TTL_S, source, key),
        _seconds(body, "miss_ttl_s", DEFAULT_MISS_TTL_S, source, key),
    )


def _instance(
    body: Mapping[str, Any],
    name: str,
    default: str | None,
    instances: Mapping[str, Any],
    domains: Mapping[str, str],
    source: str,
    key: str,
) -> str:
    value = body.get(name, default)
    if value is None:
        what = "the OMS instance" if name == "from" else "the instance to link to"
        raise ConfigError(source, key + name, f"required: {what}")
    if not isinstance(value, str) or value not in instances:
        raise ConfigError(source, key + name, f"no connector instance {value!r}")
    if value not in domains.values():
        raise ConfigError(source, key + name, f"instance {value!r} serves no domain")
    return value


def _seconds(body: Mapping[str, Any], name: str, default: float, source: str, key: str) -> float:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_TTL_S:
        raise ConfigError(source, key + name, f"must be seconds from 0 to {MAX_TTL_S:g}")
    return float(value)
