"""Voucherify's error object: `{code, key, message, details, request_id}` (plus
`resource_id`/`resource_type` for a missing resource), with the HTTP status in `code`."""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp import web

_request_ids = itertools.count(1)


class VoucherifyError(Exception):
    def __init__(self, status: int, key: str, message: str, details: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {
            "code": status,
            "key": key,
            "message": message,
            "details": details,
            "request_id": f"v-{next(_request_ids):018x}",
            **extra,
        }

    def response(self, headers: dict[str, str] | None = None) -> web.Response:
        return web.json_response(self.body, status=self.status, headers=headers)


def unauthorized() -> VoucherifyError:
    return VoucherifyError(401, "unauthorized", "Unauthorized", "Invalid X-App-Id or X-App-Token")


def not_found(resource_type: str, resource_id: str) -> VoucherifyError:
    return VoucherifyError(
        404,
        "not_found",
        "Resource not found",
        f"Cannot find {resource_type} with id {resource_id}",
        resource_id=resource_id,
        resource_type=resource_type,
    )


def invalid_query(details: str) -> VoucherifyError:
    return VoucherifyError(400, "invalid_query_params", "Invalid query params", details)


def invalid_payload(details: str) -> VoucherifyError:
    return VoucherifyError(400, "invalid_payload", "Invalid payload", details)


def points_exceeded(code: str, balance: int, asked: int) -> VoucherifyError:
    return VoucherifyError(
        400,
        "loyalty_card_points_exceeded",
        "Loyalty card points exceeded",
        f"Cannot remove {asked} points from {code}: its balance is {balance}",
    )


def rate_limited() -> VoucherifyError:
    return VoucherifyError(
        429, "too_many_requests", "API limit reached", "You have exceeded your API calls limit"
    )
