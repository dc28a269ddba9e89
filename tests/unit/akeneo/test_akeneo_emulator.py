"""The emulator speaks Akeneo's documented API: the OAuth handshake and its messages, the
filter grammar and its refusals, both pagination types and their links."""

from __future__ import annotations

import base64
from typing import Any

import aiohttp
import orjson
import pytest

from tests.emulators.akeneo import CLIENT_ID, PASSWORD, SECRET, USERNAME, RunningAkeneo

BASIC = "Basic " + base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()


async def grant(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo, body: dict[str, str], auth: str = BASIC
) -> tuple[int, dict[str, Any]]:
    url = akeneo.base_url + "/api/oauth/v1/token"
    async with session.post(url, json=body, headers={"Authorization": auth}) as response:
        return response.status, await response.json()


async def token(session: aiohttp.ClientSession, akeneo: RunningAkeneo) -> dict[str, Any]:
    body = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    status, issued = await grant(session, akeneo, body)
    assert status == 200
    return issued


async def get(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo, path: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    bearer = (await token(session, akeneo))["access_token"]
    query = {k: orjson.dumps(v).decode() if k == "search" else v for k, v in params.items()}
    url = akeneo.base_url + "/api/rest/v1/" + path
    async with session.get(url, params=query, headers={"Authorization": f"Bearer {bearer}"}) as r:
        return r.status, await r.json()


async def test_password_and_refresh_grants(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo
) -> None:
    issued = await token(session, akeneo)
    assert issued["expires_in"] == 3600
    assert issued["token_type"] == "bearer"
    again = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
    assert (await grant(session, akeneo, again))[0] == 200
    assert await grant(session, akeneo, again) == (
        422,
        {"code": 422, "message": "Refresh token is invalid or has expired"},
    )


@pytest.mark.parametrize(
    ("body", "auth", "message"),
    [
        ({"grant_type": "password", "username": USERNAME, "password": "x"}, BASIC,
         "No user found for the given username and password"),
        ({"grant_type": "password", "username": USERNAME, "password": PASSWORD}, "Basic eDp5",
         'Parameter "client_id" is missing or does not match any client, or secret is invalid'),
        ({"grant_type": "client_credentials"}, BASIC,
         'Parameter "grant_type", "username" or "password" is missing, empty or invalid'),
    ],
)  # fmt: skip
async def test_refused_grants_answer_422(
    session: aiohttp.ClientSession,
    akeneo: RunningAkeneo,
    body: dict[str, str],
    auth: str,
    message: str,
) -> None:
    assert await grant(session, akeneo, body, auth) == (422, {"code": 422, "message": message})


async def test_bearer_tokens_are_checked(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo
) -> None:
    url = akeneo.base_url + "/api/rest/v1/categories"
    async with session.get(url) as response:
        assert (response.status, await response.json()) == (
            401,
            {"code": 401, "message": "Authentication is required"},
        )
    akeneo.tokens.expire_all()
    async with session.get(url, headers={"Authorization": "Bearer access-0000-s3cr"}) as response:
        assert response.status == 401
    assert (await get(session, akeneo, "categories"))[0] == 200


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"limit": "101"}, 422, "You cannot request more than 100 items."),
        ({"pagination_type": "x"}, 422, "Pagination type does not exist."),
        ({"page": "101", "limit": "100"}, 422, "You have reached the maximum number of pages"),
        ({"search": {"enabled": [{"value": True}]}}, 422, 'Operator is missing for the property "enabled".'),
        ({"search": {"name": [{"operator": "CONTAINS", "value": "x"}]}}, 422,
         'Attribute "name" expects a locale, none given.'),
        ({"search": {"categories": [{"operator": "IN", "value": ["x"]}]}}, 422, 'Category "x" does not exist.'),
        ({"search": {"identifier": [{"operator": "IN", "value": [str(n) for n in range(101)]}]}}, 422,
         "at most 100"),
        ({"scope": "print"}, 422, 'Scope "print" does not exist.'),
        ({"with_count": "yes"}, 422, 'Parameter "with_count" has to be a boolean.'),
        ({"locales": "de_DE"}, 422, 'Locale "de_DE" does not exist or is not activated.'),
    ],
)  # fmt: skip
async def test_refusals_carry_akeneo_bodies(
    session: aiohttp.ClientSession,
    akeneo: RunningAkeneo,
    params: dict[str, Any],
    status: int,
    message: str,
) -> None:
    got_status, body = await get(session, akeneo, "products", **params)
    assert (got_status, body["code"]) == (status, status)
    assert body["message"].startswith(message) or message in body["message"]


async def test_offset_pages_link_and_count(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo
) -> None:
    status, body = await get(
        session, akeneo, "product-models", page="2", limit="10", with_count="true"
    )
    assert status == 200
    assert (body["current_page"], body["items_count"]) == (2, len(akeneo.catalogue.models))
    assert {"self", "first", "previous", "next"} <= set(body["_links"])
    codes = sorted(akeneo.catalogue.models)
    assert [m["code"] for m in body["_embedded"]["items"]] == codes[10:20]
    item = body["_embedded"]["items"][0]
    assert item["_links"]["self"]["href"].endswith(f"/api/rest/v1/product-models/{codes[10]}")


async def test_variant_products_inherit_their_model_values(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo
) -> None:
    search = {"parent": [{"operator": "IN", "value": ["boot_urban"]}]}
    _, body = await get(session, akeneo, "products", search=search, locales="en_US", scope="mobile")
    [first, *_] = body["_embedded"]["items"]
    assert first["parent"] == "boot_urban"
    assert first["values"]["name"] == [{"locale": "en_US", "scope": None, "data": "Urban Boots"}]
    assert [v["scope"] for v in first["values"]["description"]] == ["mobile"]
    assert first["categories"] == ["footwear_boots"]


async def test_filters_on_dates_status_and_text(
    session: aiohttp.ClientSession, akeneo: RunningAkeneo
) -> None:
    recent = {"updated": [{"operator": ">", "value": "2024-02-20 00:00:00"}]}
    _, body = await get(session, akeneo, "products", search=recent, limit="100", with_count="true")
    updated = [p["updated"] for p in body["_embedded"]["items"]]
    assert 0 < body["items_count"] < 150
    assert min(updated) > "2024-02-20"
    status, refused = await get(
        session, akeneo, "products", search={"updated": [{"operator": ">", "value": "02/20/2024"}]}
    )
    assert status == 422
    assert "yyyy-mm-dd H:i:s" in refused["message"]
    disabled = {"enabled": [{"operator": "=", "value": False}]}
    _, body = await get(session, akeneo, "products", search=disabled)
    assert len(body["_embedded"]["items"]) == 3
    named = {"name": [{"operator": "CONTAINS", "value": "bougie", "locale": "fr_FR"}]}
    _, body = await get(session, akeneo, "products", search=named, limit="100")
    assert {p["family"] for p in body["_embedded"]["items"]} == {"home"}
    assert len(body["_embedded"]["items"]) == 9
