"""API keys for tests, created in the state store of the data dir a gateway runs on, as
`omnicanal keys create` would."""

from __future__ import annotations

from pathlib import Path

from connectors.context import Channel
from gateway.keys.model import Budget, KeyKind, KeyPlan
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from schema.scopes import STOREFRONT_SCOPES

KEY_HEADER = "X-Omnicanal-Key"


async def issue_key(
    data_dir: Path,
    *channels: Channel,
    kind: KeyKind = KeyKind.SECRET,
    scopes: frozenset[str] = STOREFRONT_SCOPES,
    store: str | None = None,
    origins: tuple[str, ...] = (),
    max_cost: int | None = None,
    budget: Budget | None = None,
    persisted_only: bool = False,
    database: str | None = None,
) -> str:
    """A new key's text; the first channel is the key's own."""
    state = open_store(database, data_dir)
    await state.start()
    try:
        plan = KeyPlan(
            channels=channels or tuple(Channel),
            scopes=scopes,
            store=store,
            origins=origins,
            max_cost=max_cost,
            budget=budget,
            persisted_only=persisted_only,
        )
        text, _ = await KeyService(state).create("test", kind, plan)
        return text
    finally:
        await state.aclose()


async def every_channel(data_dir: Path) -> dict[str, str]:
    """Headers of a storefront-scoped key that may use every channel (WEB first)."""
    return {KEY_HEADER: await issue_key(data_dir)}
