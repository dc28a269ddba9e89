"""Global IDs and cursors. Both are opaque to clients (base64url) and stable: the same
object always has the same ID, the same position the same cursor."""

from __future__ import annotations

import base64
import binascii

from schema.errors import UserInputError

_CURSOR_PREFIX = "o:"


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str) -> str | None:
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
    """The offset of the item after `cursor` (0 when no cursor)."""
    if cursor is None:
        return 0
    text = _decode(cursor)
    if text is None or not text.startswith(_CURSOR_PREFIX):
        raise UserInputError("INVALID_CURSOR", "`after` is not a cursor of this list", ["after"])
    digits = text[len(_CURSOR_PREFIX) :]
    if not digits.isdigit():
        raise UserInputError("INVALID_CURSOR", "`after` is not a cursor of this list", ["after"])
    return int(digits) + 1
