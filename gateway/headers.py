"""The commerce context from HTTP headers, for clients that cannot add a directive
(a CDN rule, a kiosk's fixed configuration, a partner's proxy)."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.context import Channel
from schema.commerce import ContextOverrides
from schema.errors import UserInputError

PREFIX = "x-omnicanal-"


def overrides_from_headers(headers: Mapping[str, str]) -> ContextOverrides:
    channel = headers.get(PREFIX + "channel")
    country = headers.get(PREFIX + "country")
    currency = headers.get(PREFIX + "currency")
    language = headers.get(PREFIX + "language") or _accept_language(headers.get("accept-language"))
    return ContextOverrides(
        channel=_channel(channel) if channel else None,
        country=_code(country, 2, "Country") if country else None,
        language=language,
        currency=_code(currency, 3, "Currency") if currency else None,
        store=headers.get(PREFIX + "store") or None,
    )


def _channel(value: str) -> Channel:
    try:
        return Channel(value.strip().upper())
    except ValueError as exc:
        raise UserInputError(
            "INVALID_CONTEXT", f"X-Omnicanal-Channel: unknown channel {value!r}"
        ) from exc


def _code(value: str, length: int, name: str) -> str:
    text = value.strip().upper()
    if len(text) != length or not text.isalpha() or not text.isascii():
        raise UserInputError("INVALID_CONTEXT", f"X-Omnicanal-{name}: {value!r} is not valid")
    return text


def _accept_language(value: str | None) -> str | None:
    """The primary tag of the first language in Accept-Language (`fr-FR,fr;q=0.9` → fr)."""
    if not value:
        return None
    first = value.split(",", 1)[0].split(";", 1)[0].strip()
    primary = first.split("-", 1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
