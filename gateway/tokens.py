"""Customer access tokens: JWTs (HS256, PyJWT) signed with a key from configuration, or,
for the embedded default, a generated key persisted in the data dir so that every worker
and every restart accepts the same tokens."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from connectors.models import Customer
from schema.services import TokenClaims

ISSUER = "omnicanal"
ALGORITHM = "HS256"
KEY_FILE = "token-signing.key"
MIN_KEY_BYTES = 32


class JwtTokenIssuer:
    def __init__(self, key: bytes, ttl: timedelta) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"the token signing key needs at least {MIN_KEY_BYTES} bytes")
        self._key = key
        self._ttl = ttl

    def issue(self, customer: Customer) -> tuple[str, datetime]:
        now = datetime.now(UTC).replace(microsecond=0)
        expires = now + self._ttl
        claims = {
            "iss": ISSUER,
            "sub": customer.id,
            "grp": customer.customer_group,
            "iat": now,
            "exp": expires,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM), expires

    def verify(self, token: str) -> TokenClaims | None:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["exp", "sub", "iss"]},
            )
        except jwt.PyJWTError:
            return None
        group = claims.get("grp")
        return TokenClaims(str(claims["sub"]), group if isinstance(group, str) else "default")


def persisted_key(data_dir: Path) -> bytes:
    """The data dir's signing key, created once. Written aside then hard-linked into
    place, so concurrent workers never read a half-written file and all agree."""
    path = data_dir / KEY_FILE
    if not path.exists():
        scratch = path.with_name(f"{KEY_FILE}.{os.getpid()}.tmp")
        scratch.write_bytes(secrets.token_hex(32).encode())
        scratch.chmod(0o600)
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass  # another worker won the race: use its key
        finally:
            scratch.unlink()
    return path.read_bytes().strip()
