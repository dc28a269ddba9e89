"""The one error a bad configuration raises: it names the file and the key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ConfigError(Exception):
    def __init__(self, source: str, key: str, message: str) -> None:
        super().__init__(f"{source}: {key}: {message}")
        self.source = source
        self.key = key


def sub_table(raw: Mapping[str, Any], key: str, source: str, prefix: str = "") -> Mapping[str, Any]:
    """`raw[key]` as a table (empty when absent); anything else names `prefix + key`."""
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(source, prefix + key, "must be a table")
    return value


def only_keys(table: Mapping[str, Any], allowed: set[str], prefix: str, source: str) -> None:
    """A key the table may not hold is named with its full path, and what it may hold."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        expected = sorted(allowed)
        raise ConfigError(source, prefix + unknown[0], f"unknown key (expected one of {expected})")
