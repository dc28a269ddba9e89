"""What the caller may do, as the gateway resolved it from the API key (or the anonymous
policy): the schema floor checks it once per operation, before execution."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.context import Channel


@dataclass(frozen=True, slots=True)
class Grant:
    """None means unrestricted (a trusted caller, e.g. a test or the CLI)."""

    channels: tuple[Channel, ...] | None = None
    store: str | None = None  # a store-bound key (STORE, KIOSK) may not name another
    scopes: frozenset[str] | None = None
    max_cost: int | None = None
    persisted_only: bool = False
    key_id: str | None = None  # the API key's public id, for metering and logs

    def allows_channel(self, channel: Channel) -> bool:
        return self.channels is None or channel in self.channels
