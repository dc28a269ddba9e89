"""The commerce context from HTTP headers, for clients that cannot add a directive
(a CDN rule, a kiosk's fixed configuration, a partner's proxy).

A refusal names the header, never its value: a header can be anything a client (or a proxy
on its path) sends, and echoing it back would reflect arbitrary bytes and sizes."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.context import Channel
from schema.commerce import ContextOverrides
from schema.errors import UserInputError

PREFIX = "x-omnicanal-"
# A store is named by its global ID or the back end's own code: both are short.
MAX_STORE_LENGTH = 128
# The longest well-formed BCP 47 tags are about 35 characters (RFC 5646 §4.4.1).
MAX_LANGUAGE_TAG_LENGTH = 35


def overrides_from_headers(headers: Mapping[str, str]) -> ContextOverrides:
    channel = headers.get(PREFIX + "channel")
    country = headers.get(PREFIX + "country")
    currency = headers.get(PREFIX + "currency")
    language = headers.get(PREFIX + "language")
    store = headers.get(PREFIX + "store")
    return ContextOverrides(
        channel=_channel(channel) if channel else None,
        country=_code(country, 2, "Country") if country else None,
        language=_language(language) if language else _accept_language(headers),
        currency=_code(currency, 3, "Currency") if currency else None,
        store=_store(store) if store else None,
    )


def _refused(name: str, expected: str) -> UserInputError:
    return UserInputError("INVALID_CONTEXT", f"X-Omnicanal-{name}: not {expected}")


def _channel(value: str) -> Channel:
    try:
        return Channel(value.strip().upper())
    except ValueError as exc:
        known = ", ".join(c.value for c in Channel)
        raise _refused("Channel", f"a known channel ({known})") from exc


def _code(value: str, length: int, name: str) -> str:
    text = value.strip().upper()
    if len(text) != length or not text.isalpha() or not text.isascii():
        raise _refused(name, f"a {length}-letter code")
    return text


def _language(value: str) -> str:
    """The primary subtag of a BCP 47 tag (`fr-FR` → fr), as the LanguageCode scalar."""
    primary = _primary_subtag(value) if len(value) <= MAX_LANGUAGE_TAG_LENGTH else None
    if primary is None:
        raise _refused("Language", "a BCP 47 language tag such as fr or fr-FR")
    return primary


def _store(value: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_STORE_LENGTH or not text.isprintable():
        raise _refused("Store", f"a store ID of at most {MAX_STORE_LENGTH} characters")
    return text


def _accept_language(headers: Mapping[str, str]) -> str | None:
    """The primary tag of the first language in Accept-Language (`fr-FR,fr;q=0.9` → fr);
    a malformed one is ignored, as browsers send it unasked."""
    value = headers.get("accept-language")
    if not value:
        return None
    return _primary_subtag(value.split(",", 1)[0].split(";", 1)[0])


def _primary_subtag(tag: str) -> str | None:
    primary = tag.strip().split("-", 1)[0].lower()
    ok = primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3
    return primary if ok else None
