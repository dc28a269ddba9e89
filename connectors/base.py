"""The connector manifest and lifecycle: what a connector package declares so that the
gateway can find it (entry-point group `omnicanal.connectors`), validate its settings, build
it with the app's shared aiohttp session, probe it and close it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from connectors.webhook_auth import WebhookHandler

ENTRY_POINT_GROUP = "omnicanal.connectors"
DOMAINS = ("catalog", "pricing", "inventory", "content", "orders", "loyalty")


class SettingsError(ValueError):
    """A setting is missing or of the wrong type; `key` names it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True, slots=True)
class ConnectorEnv:
    """What the gateway hands a connector at construction."""

    instance: str
    session: aiohttp.ClientSession
    data_dir: Path


class Connector(Protocol):
    """Lifecycle every connector has besides its domain Protocols."""

    name: str

    async def start(self) -> None:
        """Prepare (open files, fetch tokens); runs once at gateway start-up."""
        ...

    async def check(self) -> None:
        """Probe the upstream; raise a ConnectorError when it cannot serve (readiness)."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ConnectorSpec:
    """The manifest of one connector package."""

    name: str
    domains: frozenset[str]
    settings_type: type[Any]
    factory: Callable[[Any, ConnectorEnv], Connector]
    max_batch_size: int = 100
    # Seconds a result may be served from the shared cache, per domain; 0 disables.
    cache_ttls: Mapping[str, float] = field(default_factory=dict)
    # Builds the handler of `POST /webhooks/<instance>` from the instance's settings, as
    # `factory` builds the connector; None: the system sends no webhooks we understand.
    webhooks: Callable[[Any, ConnectorEnv], WebhookHandler] | None = None

    def parse_settings(self, raw: Mapping[str, Any]) -> Any:
        return parse_settings(self.settings_type, raw)


def parse_settings(settings_type: type[Any], raw: Mapping[str, Any]) -> Any:
    """Build a settings dataclass from a config table, naming the key of any mistake."""
    fields = {f.name: f for f in dataclasses.fields(settings_type)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise SettingsError(unknown[0], "unknown setting")
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in raw:
            missing = spec.default is dataclasses.MISSING
            if missing and spec.default_factory is dataclasses.MISSING:
                raise SettingsError(name, "required setting is missing")
            continue
        values[name] = _coerce(name, spec.type, raw[name])
    return settings_type(**values)


_SIMPLE_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


def _coerce(name: str, annotation: object, value: object) -> object:
    type_name = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    expected = _SIMPLE_TYPES.get(str(type_name).replace(" | None", ""))
    if expected is None:
        return value
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if value is None and "None" in str(type_name):
        return None
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise SettingsError(name, f"expected {expected.__name__}, got {type(value).__name__}")
    return value
