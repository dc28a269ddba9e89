"""Query parameters: the ones each route knows, pagination (`page` or `search_after`, `limit`
≤ 100, `with_count`), and the value projections (`scope`, `locales`, `attributes`).

Akeneo itself ignores a parameter it does not know; the emulator refuses it (400), so a
connector whose requests drift from the documented API fails in tests rather than silently
getting unfiltered data from a real PIM."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from tests.emulators.akeneo.attributes import ATTRIBUTES
from tests.emulators.akeneo.errors import ApiError, unprocessable
from tests.emulators.akeneo.reference import CHANNELS, LOCALES

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
# Akeneo refuses offset pages beyond the 10,000th item and points to search_after.
MAX_OFFSET = 10_000

PAGING = frozenset({"page", "limit", "with_count", "pagination_type"})
LISTING = PAGING | {"search"}
PRODUCT_LISTING = LISTING | {
    "search_after",
    "scope",
    "locales",
    "attributes",
    "search_locale",
    "search_scope",
}


def check_known(query: Mapping[str, str], known: Collection[str]) -> None:
    for name in query:
        if name not in known:
            raise ApiError(400, f'Unknown query parameter "{name}".')


@dataclass(frozen=True, slots=True)
class Paging:
    search_after: bool
    limit: int
    page: int
    after: str | None
    with_count: bool


def paging(query: Mapping[str, str], search_after_supported: bool) -> Paging:
    kind = query.get("pagination_type", "page")
    if kind not in ("page", "search_after"):
        raise unprocessable("Pagination type does not exist.")
    if kind == "search_after" and not search_after_supported:
        raise unprocessable("Pagination type is not supported.")
    limit = _positive(query.get("limit", str(DEFAULT_LIMIT)), "limit")
    if limit > MAX_LIMIT:
        raise unprocessable(f"You cannot request more than {MAX_LIMIT} items.")
    page = _positive(query.get("page", "1"), "page")
    with_count = query.get("with_count", "false")
    if with_count not in ("true", "false"):
        raise unprocessable(
            'Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, '
            f'"{with_count}" given.'
        )
    if kind == "page" and (page - 1) * limit >= MAX_OFFSET:
        raise unprocessable(
            'You have reached the maximum number of pages you can retrieve with the "page" '
            "pagination type. Please use the search after pagination type instead",
            doc="pagination.html#search-after-type",
        )
    after = query.get("search_after") if kind == "search_after" else None
    return Paging(kind == "search_after", limit, page, after, with_count == "true")


def _positive(raw: str, name: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise unprocessable(f'"{raw}" is not a valid {name} number.')
    return int(raw)


@dataclass(frozen=True, slots=True)
class Projection:
    scope: str | None
    locales: tuple[str, ...] | None
    attributes: tuple[str, ...] | None


def projection(query: Mapping[str, str]) -> Projection:
    scope = query.get("scope")
    if scope is not None and scope not in CHANNELS:
        raise unprocessable(f'Scope "{scope}" does not exist.')
    locales = _codes(query.get("locales"))
    if locales is not None:
        _all_known(locales, LOCALES, "Locale", "does not exist or is not activated")
    attributes = _codes(query.get("attributes"))
    if attributes is not None:
        _all_known(attributes, ATTRIBUTES, "Attribute", "does not exist")
    return Projection(scope, locales, attributes)


def _codes(raw: str | None) -> tuple[str, ...] | None:
    return None if raw is None else tuple(code.strip() for code in raw.split(","))


def _all_known(codes: tuple[str, ...], known: Collection[str], noun: str, verb: str) -> None:
    missing = [code for code in codes if code not in known]
    if len(missing) == 1:
        raise unprocessable(f'{noun} "{missing[0]}" {verb}.')
    if missing:
        plural = verb.replace("does", "do").replace(" is ", " are ")
        raise unprocessable(f'{noun}s "{", ".join(missing)}" {plural}.')
