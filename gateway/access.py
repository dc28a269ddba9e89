"""Who is calling: the API key in `X-Omnicanal-Key`, or the anonymous policy. The answer
fixes the channels (and store) a request may use, its scopes and its plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from connectors.context import Channel
from gateway.config import GatewayConfig
from gateway.config_access import Anonymous
from gateway.keys.model import ApiKey, Budget
from gateway.keys.service import KeyService
from schema.scopes import STOREFRONT_SCOPES

KEY_HEADER = "x-omnicanal-key"


class AccessRefused(Exception):
    """The request is refused before anything runs: `status` is the HTTP answer."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Access:
    key: ApiKey | None
    channels: tuple[Channel, ...]
    store: str | None
    scopes: frozenset[str]
    max_cost: int | None = None
    budget: Budget | None = None
    persisted_only: bool = False

    @property
    def key_id(self) -> str | None:
        return None if self.key is None else self.key.id


async def resolve_access(
    headers: Mapping[str, str], config: GatewayConfig, keys: KeyService
) -> Access:
    text = headers.get(KEY_HEADER)
    if text is None:
        return _anonymous(config)
    key = await keys.recognise(text)
    if key is None:
        raise AccessRefused(
            "INVALID_KEY", "the API key is not valid (unknown, revoked or expired)", 401
        )
    _check_origin(key, headers.get("origin"))
    plan = key.plan
    return Access(
        key=key,
        channels=plan.channels,
        store=plan.store,
        scopes=plan.scopes,
        max_cost=plan.max_cost,
        budget=plan.budget,
        persisted_only=plan.persisted_only,
    )


def _anonymous(config: GatewayConfig) -> Access:
    if config.anonymous is Anonymous.NONE:
        raise AccessRefused("KEY_REQUIRED", "send an API key in X-Omnicanal-Key", 401)
    return Access(
        key=None,
        channels=(config.defaults.channel,),
        store=config.defaults.store_id,
        scopes=STOREFRONT_SCOPES,
    )


def _check_origin(key: ApiKey, origin: str | None) -> None:
    """A key bound to origins is refused from a browser page on any other; calls without
    an Origin (servers, apps) are not browsers and are judged by the key alone."""
    if origin is None or not key.plan.origins:
        return
    if origin.rstrip("/") not in key.plan.origins:
        raise AccessRefused("ORIGIN_NOT_ALLOWED", "this key is not valid from this origin", 403)
