"""Filters on the properties of a record (identifier or code, categories, status, parent,
family, dates), with Akeneo's messages for a value of the wrong type or an unknown
category. Akeneo caps an identifier IN filter at 100 values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.emulators.akeneo import values
from tests.emulators.akeneo.errors import unprocessable
from tests.emulators.akeneo.reference import CATEGORIES, descendants

Raw = dict[str, Any]
Predicate = Callable[[Raw], bool]
MAX_IN_IDENTIFIERS = 100


def matcher(key: str, name: str, operator: str, value: Any) -> Predicate:
    """A filter on a property of the record (not on one of its values); `key` is the
    field the `identifier` or `code` filter reads."""
    if name in ("created", "updated"):
        return values.date_matcher(name, operator, value)
    if operator in ("EMPTY", "NOT EMPTY"):
        return lambda r: (r.get(name) is None) == (operator == "EMPTY")
    if operator in ("=", "!="):
        return _equality(name, operator, value)
    codes = _string_list(name, value)
    field = key if name in ("identifier", "code") else name
    if name == "identifier" and len(codes) > MAX_IN_IDENTIFIERS:
        raise unprocessable(f"The identifier filter accepts at most {MAX_IN_IDENTIFIERS} values.")
    if name == "categories":
        _known_categories(codes)
        if operator == "IN CHILDREN":
            codes = sorted(set().union(*(descendants(c) for c in codes)))
    wanted = set(codes)

    def member(record: Raw) -> bool:
        held = record.get(field)
        found = bool(wanted.intersection(held)) if isinstance(held, list) else held in wanted
        return found != (operator == "NOT IN")

    return member


def _equality(name: str, operator: str, value: Any) -> Predicate:
    if name in ("enabled", "is_root") and not isinstance(value, bool):
        raise unprocessable(
            f'Property "{name}" expects a boolean as data, "{php_type(value)}" given.'
        )
    if name == "is_root":
        return lambda r: (r.get("parent") is None) == value
    return lambda r: (r.get(name) == value) == (operator == "=")


def _string_list(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise unprocessable(
            f'Property "{name}" expects an array as data, "{php_type(value)}" given.'
        )
    return value


def _known_categories(codes: list[str]) -> None:
    missing = [c for c in codes if c not in CATEGORIES]
    if len(missing) == 1:
        raise unprocessable(f'Category "{missing[0]}" does not exist.')
    if missing:
        raise unprocessable(f'Categories "{", ".join(missing)}" do not exist.')


def php_type(value: object) -> str:
    """The type name PHP's gettype() would print, as Akeneo's messages quote it."""
    names = {bool: "boolean", int: "integer", float: "double", str: "string", list: "array"}
    return "NULL" if value is None else names.get(type(value), "array")
