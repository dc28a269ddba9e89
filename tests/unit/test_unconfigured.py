"""A domain left out of `[domains]`: the gateway starts, and what needed that domain answers
NOT_CONFIGURED (null fields with the code; a userError in mutations), the rest is served."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from connectors.context import CommerceContext
from connectors.protocols import DOMAIN_PROTOCOLS, TRANSACTION_PROTOCOLS, LoyaltyTransactions
from connectors.unconfigured import NOT_CONFIGURED, NotConfigured, unconfigured
from gateway.cli import main
from gateway.config import ConfigError, load
from gateway.registry import plan
from schema.policy import Executor
from tests.support.server import GraphQLClient, running_gateway

CATALOGUE_AND_PRICES = """
[gateway]
data_dir = "data"
executor = "{executor}"
[connectors.pim]
kind = "sample"
[connectors.pim.settings]
database = "{database}"
[domains]
catalog = "pim"
pricing = "pim"
"""

LISTING = """{
  products(first: 3) {
    nodes {
      sku title price { amount currencyCode } priceRules { kind code }
      availability { availableForSale quantityAvailable }
      content { id type }
      loyaltyPoints
    }
  }
}"""
CART_CREATE = """mutation {
  cartCreate(lines: [{sku: "OC-000001", quantity: 1}]) {
    cart { id }
    userErrors { code field message }
  }
}"""


def _write(tmp_path: Path, sample_dir: Path, executor: Executor = Executor.PLANNED) -> Path:
    path = tmp_path / "omnicanal.toml"
    database = sample_dir / "sample.db"
    path.write_text(CATALOGUE_AND_PRICES.format(executor=executor.value, database=database))
    return path


def test_a_file_may_leave_domains_out(tmp_path: Path, sample_dir: Path) -> None:
    config = load(_write(tmp_path, sample_dir))
    assert dict(config.domains) == {"catalog": "pim", "pricing": "pim"}
    (instance,) = plan(config)
    assert set(instance.domains) == {"catalog", "pricing"}


def test_a_file_serving_no_domain_is_refused(tmp_path: Path, sample_dir: Path) -> None:
    path = _write(tmp_path, sample_dir)
    path.write_text(path.read_text().replace('catalog = "pim"\npricing = "pim"\n', ""))
    with pytest.raises(ConfigError) as failure:
        load(path)
    assert failure.value.key == "domains"


@pytest.mark.parametrize("domain", sorted(DOMAIN_PROTOCOLS))
async def test_a_stand_in_has_the_domain_protocol_and_refuses_with_a_code(domain: str) -> None:
    stand_in = unconfigured(domain)
    assert isinstance(stand_in, DOMAIN_PROTOCOLS[domain])
    await stand_in.start()
    await stand_in.check()  # readiness is not its business
    method = next(n for n, v in vars(DOMAIN_PROTOCOLS[domain]).items() if callable(v))
    with pytest.raises(NotConfigured) as failure:
        await getattr(stand_in, method)(["k"], CommerceContext())
    assert failure.value.code == NOT_CONFIGURED
    assert domain in failure.value.public_message


def test_stand_ins_take_the_writes_but_not_loyalty_postings() -> None:
    """Writes reach the stand-in (and answer NOT_CONFIGURED); checkout without a loyalty
    system records the order without posting points."""
    for domain in ("pricing", "inventory", "orders"):
        for protocol in TRANSACTION_PROTOCOLS[domain]:
            assert isinstance(unconfigured(domain), protocol)
    assert not isinstance(unconfigured("loyalty"), LoyaltyTransactions)


@pytest.fixture(params=[Executor.PLANNED, Executor.STANDARD], ids=lambda e: e.value)
async def pim_only(
    request: pytest.FixtureRequest, tmp_path: Path, sample_dir: Path
) -> AsyncIterator[GraphQLClient]:
    config = load(_write(tmp_path, sample_dir, request.param))
    async with running_gateway(config) as client:
        yield client


def _codes_at(payload: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for error in payload.get("errors", []):
        found.setdefault(str(error["path"][-1]), set()).add(error["extensions"]["code"])
    return found


async def test_a_listing_serves_what_is_configured_and_nulls_the_rest(
    pim_only: GraphQLClient,
) -> None:
    payload = await pim_only.post(LISTING)
    nodes = payload["data"]["products"]["nodes"]
    assert len(nodes) == 3
    for node in nodes:
        assert node["title"]
        assert node["price"]["currencyCode"] == "EUR"
        assert isinstance(node["priceRules"], list)
        assert node["availability"] is None
        assert node["content"] is None
        assert node["loyaltyPoints"] is None
    assert _codes_at(payload) == {
        "availability": {NOT_CONFIGURED},
        "content": {NOT_CONFIGURED},
        "loyaltyPoints": {NOT_CONFIGURED},
    }
    assert len(payload["errors"]) == 9, "one per field, each with its path"


async def test_a_mutation_of_an_unconfigured_domain_is_a_user_error(
    pim_only: GraphQLClient,
) -> None:
    payload = await pim_only.post(CART_CREATE)
    assert "errors" not in payload, payload
    result = payload["data"]["cartCreate"]
    assert result["cart"] is None
    assert [e["code"] for e in result["userErrors"]] == [NOT_CONFIGURED]
    assert "orders" in result["userErrors"][0]["message"]


def test_check_config_names_the_domains_left_out(
    tmp_path: Path,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, sample_dir)
    monkeypatch.setenv("OMNICANAL_CONFIG", str(path))  # main() sets it; restored
    assert main(["check-config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "pim (sample): catalog, pricing" in out
    assert (
        "not configured (fields answer NOT_CONFIGURED): inventory, content, orders, loyalty" in out
    )
