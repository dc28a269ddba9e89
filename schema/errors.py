"""Errors the schema floor raises on purpose; each becomes a GraphQL error with a code."""

from __future__ import annotations


class CodedError(Exception):
    """An error a client may see: `code` goes to `extensions.code`."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class UserInputError(CodedError):
    """The operation asked for something invalid (an argument out of range, a bad cursor)."""

    def __init__(self, code: str, message: str, field: list[str] | None = None) -> None:
        super().__init__(code, message, field)
