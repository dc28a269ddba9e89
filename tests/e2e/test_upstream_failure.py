"""An upstream failure costs only the fields that needed it, with a coded error."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import instrumented_config
from tests.support.server import running_gateway

QUERY = """{ products(first: 3) { nodes { title price { amount } loyaltyPoints
  availability { availableForSale } } } }"""


async def test_pricing_outage_nulls_prices_and_serves_the_rest(sample_dir: Path) -> None:
    async with running_gateway(instrumented_config(sample_dir, failing="prices")) as client:
        payload = await client.post(QUERY)
    nodes = payload["data"]["products"]["nodes"]
    assert len(nodes) == 3
    assert all(n["title"] and n["price"] is None for n in nodes)
    assert all(isinstance(n["availability"]["availableForSale"], bool) for n in nodes)
    errors = payload["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"UPSTREAM_UNAVAILABLE"}
    assert {e["extensions"]["connector"] for e in errors} == {"backoffice"}
    assert {e["path"][-1] for e in errors} == {"price", "loyaltyPoints"}
    assert not any("injected" in e["message"] for e in errors), "upstream text never leaks"
