"""commercetools' error answers: `{statusCode, message, errors: [{code, ...}]}`.

400 and 409 are answers the connector acts on (a wrong password, a code that does not
exist, a version that moved: ConcurrentModification), so they are asked for as `expected`
statuses and come back with this body instead of raising."""

from __future__ import annotations

from typing import Any

ANSWERED = frozenset({400, 409})


def error_codes(body: Any) -> list[str]:
    """The `errors[].code` of a commercetools error body."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [str(e.get("code")) for e in errors if isinstance(e, dict)]
