"""Password hashes for the sample's customers: scrypt, parameters stored with the hash.

Format: `scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>`. Keeping the cost in the string
lets the seeder give generated customers a cheaper hash (generation must stay fast) while
verification treats every hash alike. The functions are CPU-bound (~40 ms at the default
cost): call them from an executor, not on the event loop.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCHEME = "scrypt"
DEFAULT_N = 2**14
DEFAULT_R = 8
DEFAULT_P = 1
KEY_LENGTH = 32
# A stored hash decides the cost of verifying it: refuse parameters that would let a
# tampered row exhaust memory (scrypt needs 128 * n * r bytes).
MAX_N = 2**17
MAX_MEMORY = 256 * 1024 * 1024


def hash_password(
    password: str,
    *,
    salt: bytes | None = None,
    n: int = DEFAULT_N,
    r: int = DEFAULT_R,
    p: int = DEFAULT_P,
) -> str:
    salt = os.urandom(16) if salt is None else salt
    digest = _scrypt(password, salt, n, r, p)
    return "$".join((SCHEME, str(n), str(r), str(p), _b64(salt), _b64(digest)))


def verify_password(stored: str, password: str) -> bool:
    """True when `password` matches `stored`; False for a mismatch or a malformed hash."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        params = int(n), int(r), int(p)
        salt_bytes, expected_bytes = base64.b64decode(salt), base64.b64decode(expected)
    except ValueError:  # wrong field count, non-integer cost, bad base64
        return False
    if scheme != SCHEME or not expected_bytes or not 1 < params[0] <= MAX_N or min(params) < 1:
        return False
    try:
        candidate = _scrypt(password, salt_bytes, *params, length=len(expected_bytes))
    except ValueError:  # n not a power of two, or r * p beyond the memory bound
        return False
    return hmac.compare_digest(candidate, expected_bytes)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_LENGTH) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=MAX_MEMORY
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# Verified when there is no account (or only a cheap hash) so that sign-in takes as long
# whoever asks: its digest matches nothing.
DUMMY_HASH = "$".join(
    (SCHEME, str(DEFAULT_N), str(DEFAULT_R), str(DEFAULT_P), _b64(bytes(16)), _b64(bytes(32)))
)


def verify_evenly(stored: str | None, password: str) -> bool:
    """`verify_password`, taking at least a full-cost verification's time whatever `stored`
    is (missing, cheaper, malformed), so timing does not tell whether an account exists."""
    matched = stored is not None and verify_password(stored, password)
    if stored is None or _cost(stored) < DEFAULT_N:
        verify_password(DUMMY_HASH, password)
    return matched


def _cost(stored: str) -> int:
    fields = stored.split("$")
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
