"""Promotion codes as a customer typed them: trimmed, blanks and repeats dropped, first
occurrence first, case kept (commercetools' and Odoo's codes are case-sensitive)."""

from __future__ import annotations

from collections.abc import Iterable


def requested_codes(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
