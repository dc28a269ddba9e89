"""Key text: `ocpk_<id>_<secret>` or `ocsk_<id>_<secret>`. The id is public (it names the
key in lists and logs); the secret carries 192 random bits. Only a SHA-256 of the whole
text is stored: the text has enough entropy that a slow hash would add nothing."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from gateway.keys.model import KeyKind

SECRET_BYTES = 24  # 192 bits
ID_BYTES = 6
_KEY_TEXT = re.compile(r"(ocpk|ocsk)_([0-9a-f]{12})_([A-Za-z0-9_-]{32})")
_KIND_BY_PREFIX = {k.prefix: k for k in KeyKind}


def generate(kind: KeyKind) -> tuple[str, str]:
    """A new key's (text, id)."""
    key_id = secrets.token_hex(ID_BYTES)
    return f"{kind.prefix}_{key_id}_{secrets.token_urlsafe(SECRET_BYTES)}", key_id


def parse(text: str) -> tuple[KeyKind, str] | None:
    """(kind, id) of a well-formed key text, else None (never an exception)."""
    match = _KEY_TEXT.fullmatch(text.strip()) if len(text) < 128 else None
    if match is None:
        return None
    return _KIND_BY_PREFIX[match.group(1)], match.group(2)


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def matches(text: str, stored_hash: str) -> bool:
    """Constant-time: the time taken says nothing of how much of the key was right."""
    return hmac.compare_digest(digest(text), stored_hash)
