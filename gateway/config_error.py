"""The one error a bad configuration raises: it names the file and the key."""

from __future__ import annotations


class ConfigError(Exception):
    def __init__(self, source: str, key: str, message: str) -> None:
        super().__init__(f"{source}: {key}: {message}")
        self.source = source
        self.key = key
