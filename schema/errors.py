"""Errors the schema floor raises on purpose; each becomes a GraphQL error with a code."""

from __future__ import annotations


class CodedError(Exception):
    """An error a client may see: `code` goes to `extensions.code`."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotSupported(CodedError):
    """The connector configured for a domain does not offer this capability."""

    def __init__(self, domain: str, capability: str) -> None:
        super().__init__(
            "NOT_SUPPORTED", f"The {domain} back end configured here does not support {capability}."
        )
        self.domain = domain


class UserInputError(CodedError):
    """The operation asked for something invalid (an argument out of range, a bad cursor)."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(code, message, field)


class Throttled(CodedError):
    """The caller's budget lacks the operation's cost: nothing ran; retry after a while."""

    def __init__(self, message: str, retry_after_s: int, status: dict[str, float]) -> None:
        super().__init__("THROTTLED", message)
        self.retry_after_s = retry_after_s
        self.extensions = {"retryAfter": retry_after_s, "throttleStatus": status}
