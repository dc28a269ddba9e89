"""The credentials each side of a pair sends, by the names requests use in their headers
(`{"X-Omnicanal-Key": "{key}"}`): keys issued in the side's own data dir, and the demo
customer's token signed by the side itself."""

from __future__ import annotations

from pathlib import Path

from connectors.context import Channel
from connectors.sample import DEMO_EMAIL, DEMO_PASSWORD
from schema.scopes import CATALOG_READ
from tests.differential.exchange import Request
from tests.differential.pairs import Pair, Side
from tests.support.keys import KEY_HEADER, issue_key

SIGN_IN = Request(
    """mutation($e: String!, $p: String!) {
      customerAccessTokenCreate(email: $e, password: $p) { accessToken } }""",
    {"e": DEMO_EMAIL, "p": DEMO_PASSWORD},
)

KEY = ((KEY_HEADER, "{key}"),)  # any channel, every storefront scope
WEB_ONLY_KEY = ((KEY_HEADER, "{web_only_key}"),)
CATALOG_ONLY_KEY = ((KEY_HEADER, "{catalog_only_key}"),)
DEMO_TOKEN = (("Authorization", "Bearer {token}"),)


async def provide(pair: Pair, data_dirs: tuple[Path, Path]) -> None:
    for side, data_dir in zip((pair.standard, pair.planned), data_dirs, strict=True):
        side.credentials.update(
            key=await issue_key(data_dir),
            web_only_key=await issue_key(data_dir, Channel.WEB),
            catalog_only_key=await issue_key(data_dir, scopes=frozenset({CATALOG_READ})),
            token=await _demo_token(side),
        )


async def _demo_token(side: Side) -> str:
    reply = await side.send(SIGN_IN)
    token: str = reply.body["data"]["customerAccessTokenCreate"]["accessToken"]
    return token
