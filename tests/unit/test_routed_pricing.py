"""Pricing routed by customer group: a group's product and cart prices both come from its
system, one call per batch, everyone else's from the default; `[routing.pricing]` names
its mistakes."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from connectors.context import CommerceContext
from connectors.models import (
    CartPricing,
    CartPricingRequest,
    LinePricing,
    LineRequest,
    Money,
    Price,
)
from connectors.routed_pricing import GroupRoutedPricing, prices_every_cart
from gateway.cli import main
from gateway.config import GatewayConfig, parse
from gateway.config_error import ConfigError
from gateway.config_routing import parse_routing
from gateway.registry import plan
from gateway.routing_wiring import routing_wiring
from schema.backends import Backends

EUR = "EUR"


class FixedPricing:
    """Every SKU at one price; counts its calls."""

    def __init__(self, amount: str) -> None:
        self.amount = Decimal(amount)
        self.calls: list[tuple[str, ...]] = []

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        self.calls.append(tuple(skus))
        return [Price(sku, Money(self.amount, EUR)) for sku in skus]


class FixedCartPricing(FixedPricing):
    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        self.calls.append(("cart",))
        unit = Money(self.amount, EUR)
        lines = tuple(
            LinePricing(
                line.sku,
                line.quantity,
                unit,
                Money(self.amount * line.quantity, EUR),
                Money(Decimal(0), EUR),
                Money(self.amount * line.quantity, EUR),
            )
            for line in request.lines
        )
        total = Money(sum((line.total.amount for line in lines), Decimal(0)), EUR)
        return CartPricing(lines, (), total, Money(Decimal(0), EUR), total)


PRO = CommerceContext(customer_group="pro")
RETAIL = CommerceContext()


async def test_a_routed_group_gets_its_systems_prices_in_one_call() -> None:
    platform, erp = FixedCartPricing("10.00"), FixedCartPricing("8.00")
    routed = GroupRoutedPricing(platform, {"pro": erp})
    pro = await routed.prices(["A", "B", "C"], PRO)
    retail = await routed.prices(["A"], RETAIL)
    assert [p.amount.amount for p in pro if p] == [Decimal("8.00")] * 3
    assert [p.amount.amount for p in retail if p] == [Decimal("10.00")]
    assert erp.calls == [("A", "B", "C")]
    assert platform.calls == [("A",)]


async def test_the_cart_of_a_routed_group_is_priced_by_the_same_system() -> None:
    platform, erp = FixedCartPricing("10.00"), FixedCartPricing("8.00")
    routed = GroupRoutedPricing(platform, {"pro": erp})
    request = CartPricingRequest((LineRequest("A", 2),))
    assert (await routed.price_cart(request, PRO)).total.amount == Decimal("16.00")
    assert (await routed.price_cart(request, RETAIL)).total.amount == Decimal("20.00")
    assert erp.calls == [("cart",)]
    assert platform.calls == [("cart",)]


def test_every_system_must_price_carts_for_the_router_to() -> None:
    assert prices_every_cart([FixedCartPricing("1"), FixedCartPricing("2")])
    assert not prices_every_cart([FixedCartPricing("1"), FixedPricing("2")])


def test_routing_is_parsed_and_its_mistakes_named() -> None:
    instances = {"commerce": object(), "erp": object()}
    assert parse_routing({"pricing": {"pro": "erp"}}, instances, "f.toml") == {
        "pricing": {"pro": "erp"}
    }
    assert parse_routing({}, instances, "f.toml") == {}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"stock": {}}, "routing.stock"),
        ({"pricing": "erp"}, "routing.pricing"),
        ({"pricing": {"pro": "nowhere"}}, "routing.pricing.pro"),
        ({"pricing": {"pro": 3}}, "routing.pricing.pro"),
        ({"pricing": {"no spaces": "erp"}}, "routing.pricing.no spaces"),
    ]
    for table, key in cases:
        with pytest.raises(ConfigError) as caught:
            parse_routing(table, instances, "f.toml")
        assert caught.value.key == key


CONFIG = """
[connectors.commerce]
kind = "sample"
[connectors.cms]
kind = "strapi"
[connectors.cms.settings]
base_url = "http://127.0.0.1:1"
api_token = "t"
[connectors.erp]
kind = "sample"
[domains]
catalog = "commerce"
pricing = "commerce"
[routing.pricing]
pro = "ROUTED"
"""


def _config(routed: str, text: str = CONFIG) -> GatewayConfig:
    return parse(tomllib.loads(text.replace("ROUTED", routed)), "f.toml")


def test_a_routed_instance_is_activated_for_pricing_only() -> None:
    planned = {p.name: p.domains for p in plan(_config("erp"))}
    assert planned == {"commerce": ("catalog", "pricing"), "erp": ("pricing",)}


def test_a_routed_instance_whose_kind_prices_nothing_is_named() -> None:
    with pytest.raises(ConfigError) as caught:
        plan(_config("cms"))
    assert caught.value.key == "routing.pricing.pro"


def test_routing_without_a_default_pricing_system_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        _config("erp", CONFIG.replace('pricing = "commerce"\n', ""))
    assert caught.value.key == "routing.pricing"


def test_a_routed_system_that_prices_no_carts_stops_start_up() -> None:
    config = _config("erp")
    connectors: dict[str, Any] = {"commerce": FixedCartPricing("1"), "erp": FixedPricing("2")}
    with pytest.raises(ConfigError, match="prices no carts") as caught:
        routing_wiring(config, connectors)
    assert caught.value.key == "routing.pricing.pro"


def test_the_wired_backends_price_through_the_router() -> None:
    config = _config("erp")
    erp = FixedCartPricing("2")
    connectors: dict[str, Any] = {"commerce": FixedCartPricing("1"), "erp": erp}
    wire = routing_wiring(config, connectors)
    unused: Any = None  # the router reads only the pricing backend
    backends = Backends(
        catalog=unused, pricing=connectors["commerce"], inventory=unused, content=unused,
        orders=unused, loyalty=unused,
    )  # fmt: skip
    routed = wire(backends).pricing
    assert isinstance(routed, GroupRoutedPricing)
    assert routed.system_for(PRO) is erp


def test_check_config_runs_the_start_up_capability_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link the connectors cannot serve is found by `check-config`, as by `serve`,
    without starting a connector (nothing listens at the Strapi address)."""
    linked = CONFIG.replace("ROUTED", "erp") + '[identity.loyalty]\nlink = "email"\n'
    linked = linked.replace(
        'pricing = "commerce"\n', 'pricing = "commerce"\nloyalty = "erp"\norders = "commerce"\n'
    )
    path = tmp_path / "omnicanal.toml"
    path.write_text(linked + f'\n[gateway]\ndata_dir = "{tmp_path / "data"}"\n')
    assert main(["check-config", "--config", str(path)]) == 2
    assert "identity.loyalty.link" in capsys.readouterr().err
    path.write_text(
        CONFIG.replace("ROUTED", "erp") + f'\n[gateway]\ndata_dir = "{tmp_path / "data"}"\n'
    )
    assert main(["check-config", "--config", str(path)]) == 0
    assert "erp (sample): pricing" in capsys.readouterr().out
