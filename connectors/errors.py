"""Errors a connector raises. Each carries a stable code that reaches clients as
`extensions.code`; the upstream's own text stays in the log, never in a response."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from connectors.models import Money


class ConnectorError(Exception):
    """Base class: `code` is what the client sees, `connector` names the instance."""

    code = "UPSTREAM_ERROR"
    retriable = False

    def __init__(self, connector: str, detail: str = "") -> None:
        super().__init__(f"{connector}: {detail}" if detail else connector)
        self.connector = connector
        self.detail = detail

    @property
    def public_message(self) -> str:
        return f"The {self.connector} back end could not answer ({self.code})."


class UpstreamTimeout(ConnectorError):
    code = "UPSTREAM_TIMEOUT"
    retriable = True


class UpstreamUnavailable(ConnectorError):
    """5xx, refused connections, 429 after the retry budget is spent."""

    code = "UPSTREAM_UNAVAILABLE"
    retriable = True


class UpstreamRateLimited(UpstreamUnavailable):
    code = "UPSTREAM_RATE_LIMITED"

    def __init__(self, connector: str, detail: str = "", retry_after: float = 1.0) -> None:
        super().__init__(connector, detail)
        self.retry_after = retry_after


class UpstreamBadResponse(ConnectorError):
    """The upstream answered something we cannot read (malformed JSON, wrong shape)."""

    code = "UPSTREAM_BAD_RESPONSE"


class UpstreamAuthError(ConnectorError):
    """401/403 that survives a token refresh: the credentials in configuration are wrong."""

    code = "UPSTREAM_MISCONFIGURED"


class UpstreamTokenRefused(UpstreamAuthError):
    """A 401: the bearer token was refused (expired or revoked early); one renewal may
    cure it. Refused again, it is the configuration's fault, like any UpstreamAuthError."""


class CircuitOpen(ConnectorError):
    code = "CIRCUIT_OPEN"


class InsufficientPoints(Exception):
    """A loyalty posting would take the balance below zero: nothing was posted."""


class CartNotFound(Exception):
    """An update named a cart the orders system does not have (or no longer accepts)."""


class PriceChanged(Exception):
    """The order a back end would record does not cost what the checkout priced (the
    back end's prices moved, or it prices the cart otherwise): nothing was ordered.
    `total` is what the back end would have charged, when it says."""

    def __init__(self, detail: str, total: Money | None = None) -> None:
        super().__init__(detail)
        self.total = total
