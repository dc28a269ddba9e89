"""Odoo's JSON-RPC error envelope: HTTP 200 with an `error` object whose `code` is 200,
`message` "Odoo Server Error" and `data` naming the Python exception (as Odoo's
`serialize_exception` does)."""

from __future__ import annotations

from typing import Any


class OdooFault(Exception):
    """An exception the emulated server raises inside a call: `name` is its dotted class."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def access_denied() -> OdooFault:
    return OdooFault("odoo.exceptions.AccessDenied", "Access Denied")


def invalid_field(model: str, field: str) -> OdooFault:
    return OdooFault("builtins.ValueError", f"Invalid field {field!r} on model {model!r}")


def envelope(request_id: Any, fault: OdooFault) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "error": {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {
                "name": fault.name,
                "debug": f"Traceback (most recent call last):\n{fault.name}: {fault.message}\n",
                "message": fault.message,
                "arguments": [fault.message],
                "context": {},
            },
        },
    }
