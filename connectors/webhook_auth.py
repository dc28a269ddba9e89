"""What a connector's webhook handler is, and the signature arithmetic they share.

A handler (`connectors/<system>/webhooks.py`) knows its system's scheme: which headers
carry the signature and the moment it covers, how the HMAC is computed, and how the
system's body maps onto canonical events. The gateway (gateway/webhooks.py) does the rest
the same way for every system: body cap, the replay window around `Delivery.signed_at`,
refusing a `Delivery.fingerprint` seen before, purging and publishing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from connectors.events import ChangeEvent

# The scheme omnicanal itself signs with (the sample back office, relays that forward
# commercetools messages): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as
# Stripe does; several v1 entries may be sent while a secret is rotated.
SIGNATURE_HEADER = "x-omnicanal-signature"


class WebhookRefused(Exception):
    """The delivery is not proven to come from the system: 401, nothing done."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WebhookMalformed(ValueError):
    """Signed, but not a body this handler understands: 400."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """What a verified signature vouches for: the moment it was made (unix seconds) and a
    value unique to this delivery, so that a replay of it is recognised."""

    signed_at: float
    fingerprint: str


class WebhookHandler(Protocol):
    def verify(self, headers: Mapping[str, str], body: bytes) -> Delivery:
        """Raise WebhookRefused unless the headers prove the body came from the system."""
        ...

    def events(self, payload: Any) -> Sequence[ChangeEvent]:
        """The canonical events of a verified JSON body; WebhookMalformed if it is not one."""
        ...


def hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def require_secret(secret: str) -> str:
    """An instance without a secret accepts no webhook at all (never an unsigned one)."""
    if not secret:
        raise WebhookRefused("WEBHOOK_DISABLED", "no webhook_secret is configured for it")
    return secret


def unix_seconds(text: str | None, header: str) -> float:
    if not text:
        raise WebhookRefused("SIGNATURE_MISSING", f"the {header} header is missing")
    try:
        value = float(text.strip())
    except ValueError as exc:
        raise WebhookRefused("SIGNATURE_INVALID", f"{header} is not a unix time") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise WebhookRefused("SIGNATURE_INVALID", f"{header} is not a unix time")
    return value


def verify_timestamped(secret: str, timestamp: str, body: bytes, signatures: list[str]) -> None:
    """HMAC-SHA256 of "<timestamp>.<body>" against each given hex signature."""
    expected = hmac_hex(require_secret(secret), timestamp.strip().encode() + b"." + body)
    if not any(same(expected, s) for s in signatures):
        raise WebhookRefused("SIGNATURE_INVALID", "the signature does not match the body")


def verify_omnicanal_signature(secret: str, headers: Mapping[str, str], body: bytes) -> Delivery:
    """The `x-omnicanal-signature: t=…,v1=…` scheme."""
    require_secret(secret)
    header = headers.get(SIGNATURE_HEADER)
    if not header:
        raise WebhookRefused("SIGNATURE_MISSING", f"the {SIGNATURE_HEADER} header is missing")
    parts = [p.strip().partition("=") for p in header.split(",")]
    stamps = [value for key, _, value in parts if key == "t"]
    signatures = [value for key, _, value in parts if key == "v1"]
    if len(stamps) != 1 or not signatures:
        raise WebhookRefused("SIGNATURE_INVALID", f"{SIGNATURE_HEADER} needs one t= and a v1=")
    signed_at = unix_seconds(stamps[0], SIGNATURE_HEADER)
    verify_timestamped(secret, stamps[0], body, signatures)
    return Delivery(signed_at, signatures[0].lower())


def omnicanal_signature(secret: str, body: bytes, timestamp: int) -> str:
    """The header value a sender puts on `body` (the sample's CLI, tests, relays)."""
    return f"t={timestamp},v1={hmac_hex(secret, str(timestamp).encode() + b'.' + body)}"


def require_object(payload: Any, what: str) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise WebhookMalformed(f"{what} must be a JSON object")
    return payload


def optional_text(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise WebhookMalformed(f"`{key}` must be a string")
    return str(value)
