"""Global IDs and cursors. Both are opaque to clients (base64url) and stable: the same
object always has the same ID, the same position the same cursor.

Decoding is hostile-input-safe: anything that is not one of ours decodes to None (an ID) or
an INVALID_CURSOR error (a cursor), never an exception, whatever its length or content."""

from __future__ import annotations

import base64
import binascii
import functools

from schema.errors import UserInputError

_CURSOR_PREFIX = "o:"
# Listings page through their first MAX_OFFSET items, as Elasticsearch's default
# `max_result_window` does: deeper offsets cost the back end a scan for no shopper's benefit.
MAX_OFFSET = 10_000
# No ID or cursor of ours comes near this; longer ones are refused before decoding.
MAX_TOKEN_LENGTH = 512
# A listing encodes an ID and a cursor per item, the same ones request after request: the
# most recent are kept, a bounded number whatever the upstream keys and offsets are.
ENCODED_CACHE = 8192


@functools.lru_cache(maxsize=ENCODED_CACHE)
def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str) -> str | None:
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    padded = token + "=" * (-len(token) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        return None


def to_global_id(type_name: str, key: str) -> str:
    return _encode(f"{type_name}:{key}")


def from_global_id(global_id: str) -> tuple[str, str] | None:
    """(type name, key), or None when the ID is not one of ours."""
    text = _decode(global_id)
    if text is None or ":" not in text:
        return None
    type_name, key = text.split(":", 1)
    if not type_name or not key:
        return None
    return type_name, key


def offset_cursor(position: int) -> str:
    return _encode(f"{_CURSOR_PREFIX}{position}")


def offset_after(cursor: str | None) -> int:
    """The offset of the item after `cursor` (0 when no cursor), at most MAX_OFFSET."""
    if cursor is None:
        return 0
    position = _cursor_position(cursor)
    if position is None or position + 1 > MAX_OFFSET:
        raise UserInputError("INVALID_CURSOR", "`after` is not a cursor of this list", ["after"])
    return position + 1


def _cursor_position(cursor: str) -> int | None:
    text = _decode(cursor)
    if text is None or not text.startswith(_CURSOR_PREFIX):
        return None
    digits = text[len(_CURSOR_PREFIX) :]
    # ASCII only: str.isdigit() admits "²" and other digits int() refuses; the length bound
    # keeps int() far from its 4,300-digit limit.
    if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(MAX_OFFSET)):
        return None
    return int(digits)
