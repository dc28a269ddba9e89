"""A safe encoding of cached values for a store other replicas read back (Redis).

Never pickle: whoever can write to the shared store could otherwise run code in every
replica. Values are JSON (orjson) where each canonical model is `{"m": name, "f": fields}`,
named in a registry of the classes of connectors/models.py and the commerce context, so
decoding can only ever build those. Decimals, datetimes and enums are tagged; sequences
come back as tuples (models hold tuples). Anything else is refused at both ends."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from connectors import context, models
from connectors.deferred import DeferredTuple


class CodecError(ValueError):
    """A value that cannot be encoded, or bytes that are not one of ours (a replica of
    another version, or junk): the reader treats it as a cache miss."""


def _defined_in(*modules: Any) -> list[type]:
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == module.__name__
    ]


_KINDS = _defined_in(models, context)
MODELS: dict[str, type] = {cls.__name__: cls for cls in _KINDS if dataclasses.is_dataclass(cls)}
ENUMS: dict[str, type[enum.Enum]] = {
    cls.__name__: cls for cls in _KINDS if issubclass(cls, enum.Enum)
}


def encode(value: Any) -> bytes:
    return orjson.dumps(_to_json(value))


def decode(data: bytes) -> Any:
    try:
        return _from_json(orjson.loads(data))
    except (orjson.JSONDecodeError, TypeError, KeyError, ValueError, InvalidOperation) as exc:
        raise CodecError(f"not a cached value: {exc}") from exc


def _to_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list | DeferredTuple):
        return [_to_json(v) for v in value]
    if isinstance(value, enum.Enum):
        return {"e": _named(type(value), ENUMS), "v": value.value}
    if isinstance(value, Decimal):
        return {"d": str(value)}
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = _named(type(value), MODELS)
        # What the constructor takes: a derived field (a cached hash) is rebuilt by it.
        fields = {
            f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return {"m": name, "f": fields}
    raise CodecError(f"cannot encode a {type(value).__name__}")


def _named(cls: type, registry: dict[str, Any]) -> str:
    name: str = cls.__name__
    if registry.get(name) is not cls:
        raise CodecError(f"{name} is not a canonical model")
    return name


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "m" in value:
        fields = {name: _from_json(v) for name, v in value["f"].items()}
        return MODELS[value["m"]](**fields)
    if "d" in value:
        return Decimal(value["d"])
    if "t" in value:
        return datetime.fromisoformat(value["t"])
    if "e" in value:
        return ENUMS[value["e"]](value["v"])
    raise CodecError("an object of no known kind")
