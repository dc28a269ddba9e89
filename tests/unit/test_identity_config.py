"""`[identity]` in omnicanal.toml: each mistake is a ConfigError naming its key, at
start-up; a loyalty link to a connector that cannot find members (the sample) stops
start-up; a good link serves the OMS's customers their loyalty accounts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from connectors.base import ConnectorEnv, ConnectorSpec
from connectors.context import CommerceContext
from connectors.identity import LinkedLoyalty
from connectors.sample import DEMO_CUSTOMER_ID, DEMO_EMAIL
from gateway.config import ConfigError, GatewayConfig, parse
from gateway.runtime import start_runtime
from tests.unit.identity_fakes import PostingLoyalty

BASE = """
[gateway]
data_dir = "data"
[connectors.commerce]
kind = "sample"
[connectors.points]
kind = "tests.unit.test_identity_config:MEMBER_LOYALTY"
[connectors.spare]
kind = "sample"
[domains]
catalog = "commerce"
pricing = "commerce"
inventory = "commerce"
content = "commerce"
orders = "commerce"
loyalty = "points"
"""


@dataclass(frozen=True)
class NoSettings:
    pass


class MemberLoyalty(PostingLoyalty):
    """A loyalty system with its own member ids that knows the sample's demo customer."""

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


def _member_loyalty(settings: NoSettings, env: ConnectorEnv) -> MemberLoyalty:
    return MemberLoyalty({DEMO_EMAIL: "m-demo"}, {}, {"m-demo": 120}, name=env.instance)


MEMBER_LOYALTY = ConnectorSpec(
    name="member-loyalty",
    domains=frozenset({"loyalty"}),
    settings_type=NoSettings,
    factory=_member_loyalty,  # type: ignore[arg-type]
)


def config(extra: str, base: str = BASE, data_dir: Path | None = None) -> GatewayConfig:
    raw: dict[str, Any] = tomllib.loads(base + extra)
    return parse(raw, "omnicanal.toml", base_dir=data_dir or Path("."))


def test_a_loyalty_link_by_email_defaults_to_the_orders_instance() -> None:
    link = config('[identity.loyalty]\nlink = "email"\n').identity.loyalty
    assert link is not None
    assert (link.link, link.source, link.target) == ("email", "commerce", "points")
    assert (link.ttl_s, link.miss_ttl_s) == (600.0, 30.0)
    assert config("").identity.loyalty is None


MISTAKES = [
    ("[identity]\nlink = 'email'", "identity.link"),
    ("[identity.wallet]\nlink = 'email'", "identity.wallet"),
    ("[identity.loyalty]\nfrom = 'commerce'", "identity.loyalty.link"),
    ("[identity.loyalty]\nlink = 'phone'", "identity.loyalty.link"),
    ("[identity.loyalty]\nlink = 'email'\nfrom = 'nowhere'", "identity.loyalty.from"),
    ("[identity.loyalty]\nlink = 'email'\nfrom = 'spare'", "identity.loyalty.from"),
    ("[identity.loyalty]\nlink = 'email'\nto = 'commerce'", "identity.loyalty.to"),
    ("[identity.loyalty]\nlink = 'email'\nfrom = 'points'", "identity.loyalty.to"),
    ("[identity.loyalty]\nlink = 'email'\nttl_s = -1", "identity.loyalty.ttl_s"),
    ("[identity.loyalty]\nlink = 'email'\nmiss_ttl_s = 'soon'", "identity.loyalty.miss_ttl_s"),
    ("[identity.loyalty]\nlink = 'email'\nttl = 5", "identity.loyalty.ttl"),
    ("[identity.accounts]\nlink = 'email'", "identity.accounts.to"),
    ("[identity.accounts]\nlink = 'card'\nto = 'points'", "identity.accounts.link"),
]


@pytest.mark.parametrize(("extra", "key"), MISTAKES)
def test_each_mistake_names_its_key(extra: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config(extra)
    assert raised.value.key == key


def test_identity_must_be_a_table() -> None:
    raw: dict[str, Any] = tomllib.loads("identity = 3\n" + BASE)
    with pytest.raises(ConfigError) as raised:
        parse(raw, "omnicanal.toml")
    assert raised.value.key == "identity"


async def test_a_link_to_a_loyalty_system_without_members_stops_start_up(tmp_path: Path) -> None:
    """The sample keys loyalty by the OMS's own customer ids: it finds no members."""
    sample_everywhere = BASE.replace('loyalty = "points"', 'loyalty = "commerce"')
    bad = config(
        '[identity.loyalty]\nlink = "email"\n',
        sample_everywhere.replace('orders = "commerce"', 'orders = "spare"'),
        tmp_path,
    )
    with pytest.raises(ConfigError) as raised:
        await start_runtime(bad)
    assert raised.value.key == "identity.loyalty.link"
    assert "LoyaltyMembers" in str(raised.value)


async def test_an_accounts_link_to_a_connector_without_accounts_stops_start_up(
    tmp_path: Path,
) -> None:
    bad = config('[identity.accounts]\nlink = "email"\nto = "points"\n', data_dir=tmp_path)
    with pytest.raises(ConfigError) as raised:
        await start_runtime(bad)
    assert raised.value.key == "identity.accounts.to"


async def test_the_oms_customer_gets_the_member_account(own_sample_dir: Path) -> None:
    good = replace(config('[identity.loyalty]\nlink = "email"\n'), data_dir=own_sample_dir)
    runtime = await start_runtime(good)
    try:
        loyalty = runtime.backends.loyalty
        assert isinstance(loyalty, LinkedLoyalty)
        ctx = CommerceContext().with_customer(DEMO_CUSTOMER_ID, "default")
        account, missing = await loyalty.accounts([DEMO_CUSTOMER_ID, "CU-NOBODY"], ctx)
        assert missing is None
        assert account is not None
        assert (account.id, account.customer_id, account.points_balance) == (
            "m-demo",
            DEMO_CUSTOMER_ID,
            120,
        )
    finally:
        await runtime.aclose()
