"""The emulator answers as Odoo's external API does: the JSON-RPC envelope, authenticate's
False, AccessDenied, the domain grammar (prefix '&' '|' '!', implicit '&'), fields,
limit/offset/order, search_count, and "Invalid field" for an unknown field."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.emulators.odoo import DATABASE, LOGIN, PASSWORD, RunningOdoo
from tests.emulators.odoo.dataset import UID


class Rpc:
    def __init__(self, session: aiohttp.ClientSession, odoo: RunningOdoo) -> None:
        self.session, self.url = session, odoo.base_url + "/jsonrpc"

    async def call(self, service: str, method: str, *args: Any) -> dict[str, Any]:
        body = {"jsonrpc": "2.0", "method": "call", "id": 7}
        body["params"] = {"service": service, "method": method, "args": list(args)}
        async with self.session.post(self.url, json=body) as response:
            assert response.status == 200  # Odoo reports errors inside a 200
            answer: dict[str, Any] = await response.json()
            assert answer["id"] == 7
            assert answer["jsonrpc"] == "2.0"
            return answer

    async def kw(self, model: str, method: str, args: list[Any], **kwargs: Any) -> Any:
        answer = await self.call(
            "object", "execute_kw", DATABASE, UID, PASSWORD, model, method, args, kwargs
        )
        return answer.get("result", answer.get("error"))

    async def codes(self, domain: list[Any], **kwargs: Any) -> list[str]:
        rows = await self.kw(
            "product.product",
            "search_read",
            [domain],
            fields=["default_code"],
            order="id",
            **kwargs,
        )
        return [r["default_code"] for r in rows]


@pytest.fixture
def rpc(odoo: RunningOdoo, session: aiohttp.ClientSession) -> Rpc:
    return Rpc(session, odoo)


async def test_authenticate_answers_the_uid_or_false(rpc: Rpc) -> None:
    ok = await rpc.call("common", "authenticate", DATABASE, LOGIN, PASSWORD, {})
    assert ok["result"] == UID
    wrong = await rpc.call("common", "authenticate", DATABASE, LOGIN, "nope", {})
    assert wrong["result"] is False
    login = await rpc.call("common", "login", DATABASE, LOGIN, PASSWORD)
    assert login["result"] == UID


async def test_execute_kw_with_a_wrong_password_is_access_denied(rpc: Rpc) -> None:
    answer = await rpc.call(
        "object", "execute_kw", DATABASE, UID, "nope", "res.currency", "search_read", [[]], {}
    )
    assert answer["error"]["code"] == 200
    assert answer["error"]["message"] == "Odoo Server Error"
    assert answer["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"


async def test_in_and_comparison_terms_are_joined_by_an_implicit_and(rpc: Rpc) -> None:
    domain = [("default_code", "in", ["CAP", "BAG-TOTE", "SOCK-S"]), ("lst_price", ">=", 10)]
    assert await rpc.codes(domain) == ["BAG-TOTE", "CAP"]


async def test_prefix_or_and_not(rpc: Rpc) -> None:
    either = ["|", ("default_code", "=", "CAP"), ("default_code", "ilike", "bag")]
    assert await rpc.codes(either) == ["BAG-TOTE", "BAG-PACK", "CAP"]
    neither = ["!", "|", ("default_code", "ilike", "shoe"), ("default_code", "ilike", "sock")]
    assert await rpc.codes(neither) == ["BAG-TOTE", "BAG-PACK", "CAP"]
    nested = ["&", ("lst_price", "<", 60), "|", ("categ_id", "=", 4), ("categ_id", "=", 2)]
    assert await rpc.codes(nested) == ["BAG-TOTE", "BAG-PACK"]
    excluded = [("default_code", "not in", ["CAP"]), ("default_code", "!=", "SOCK-M")]
    assert "CAP" not in await rpc.codes(excluded)


async def test_order_limit_offset_and_count(rpc: Rpc) -> None:
    rows = await rpc.kw(
        "product.product",
        "search_read",
        [[]],
        fields=["default_code"],
        order="lst_price desc, id",
        limit=2,
        offset=1,
    )
    assert [r["default_code"] for r in rows] == ["SHOE-TRAIL-42", "SHOE-CITY-40"]
    assert set(rows[0]) == {"id", "default_code"}
    assert await rpc.kw("product.product", "search_count", [[("lst_price", "<", 10)]]) == 2
    read = await rpc.kw("product.product", "read", [[7]], fields=["default_code"])
    assert read == [{"id": 7, "default_code": "CAP"}]


@pytest.mark.parametrize(
    "args",
    [
        [[("no_such_field", "=", 1)]],  # in the domain
        [[], ["default_code", "no_such_field"]],  # in fields
    ],
)
async def test_an_unknown_field_is_refused_as_odoo_does(rpc: Rpc, args: list[Any]) -> None:
    error = await rpc.kw("product.product", "search_read", args)
    assert error["data"]["name"] == "builtins.ValueError"
    assert error["data"]["message"] == "Invalid field 'no_such_field' on model 'product.product'"


async def test_malformed_domains_and_unknown_models_are_refused(rpc: Rpc) -> None:
    dangling = await rpc.kw("product.product", "search_read", [["|", ("id", "=", 1)]])
    assert dangling["data"]["name"] == "builtins.ValueError"
    bad_operator = await rpc.kw("product.product", "search_read", [[("id", "~", 1)]])
    assert bad_operator["data"]["name"] == "builtins.ValueError"
    model = await rpc.kw("no.such.model", "search_read", [[]])
    assert model["data"] == model["data"] | {"name": "odoo.exceptions.UserError"}
    assert model["data"]["message"] == "Object no.such.model doesn't exist"


async def test_the_emulator_counts_data_calls_apart_from_sign_in(
    rpc: Rpc, odoo: RunningOdoo
) -> None:
    await rpc.call("common", "authenticate", DATABASE, LOGIN, PASSWORD, {})
    await rpc.codes([])
    assert odoo.calls() == 1
    assert odoo.counts["common.authenticate"] == 1


async def test_partners_answer_by_normalised_email_without_the_archived(rpc: Rpc) -> None:
    fields = ["email", "property_product_pricelist", "active"]
    domain = [("email_normalized", "in", ["leo.bernard@example.com", "old.account@example.com"])]
    rows = await rpc.kw("res.partner", "search_read", [domain], fields=fields)
    assert [(r["id"], r["email"]) for r in rows] == [(22, "Leo.Bernard@Example.COM")]
    assert rows[0]["property_product_pricelist"] == [1, "Retail (EUR)"]
    archived = [("email_normalized", "=", "old.account@example.com"), ("active", "=", False)]
    (old,) = await rpc.kw("res.partner", "search_read", [archived], fields=["id"])
    assert old["id"] == 25
