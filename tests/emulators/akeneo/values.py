"""Product values: filters on them (per attribute type, in one locale and channel), filters
on dates, and the projection the `scope`, `locales` and `attributes` parameters apply to
what a response shows."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.emulators.akeneo.errors import unprocessable
from tests.emulators.akeneo.reference import CHANNELS, LOCALES

Raw = dict[str, Any]
Predicate = Callable[[Raw], bool]

_TEXT = frozenset({"STARTS WITH", "CONTAINS", "DOES NOT CONTAIN", "=", "!=", "EMPTY", "NOT EMPTY"})
OPERATORS: dict[str, frozenset[str]] = {
    "pim_catalog_identifier": _TEXT | {"IN", "NOT IN"},
    "pim_catalog_text": _TEXT,
    "pim_catalog_textarea": _TEXT,
    "pim_catalog_simpleselect": frozenset({"IN", "NOT IN", "EMPTY", "NOT EMPTY"}),
}
_TEXT_TESTS: dict[str, Callable[[str, str], bool]] = {
    "STARTS WITH": lambda data, needle: data.startswith(needle),
    "CONTAINS": lambda data, needle: needle in data,
    "DOES NOT CONTAIN": lambda data, needle: needle not in data,
    "=": lambda data, needle: data == needle,
    "!=": lambda data, needle: data != needle,
}


@dataclass(frozen=True, slots=True)
class Where:
    """One attribute's value in one locale and channel (None where it does not vary)."""

    code: str
    locale: str | None
    scope: str | None

    @classmethod
    def of(cls, attribute: Raw, locale: str | None, scope: str | None) -> Where:
        code = attribute["code"]
        if not attribute["localizable"]:
            locale = None
        elif locale is None:
            raise unprocessable(f'Attribute "{code}" expects a locale, none given.')
        elif locale not in LOCALES:
            raise unprocessable(f'Locale "{locale}" does not exist or is not activated.')
        if not attribute["scopable"]:
            scope = None
        elif scope is None:
            raise unprocessable(f'Attribute "{code}" expects a scope, none given.')
        elif scope not in CHANNELS:
            raise unprocessable(f'Attribute "{code}" expects an existing scope, "{scope}" given.')
        return cls(code, locale, scope)

    def data(self, record: Raw) -> Any:
        for value in record.get("values", {}).get(self.code, ()):
            if value["locale"] == self.locale and value["scope"] == self.scope:
                return value["data"]
        return None


def matcher(where: Where, operator: str, value: Any) -> Predicate:
    if operator in ("EMPTY", "NOT EMPTY"):
        return lambda r: (where.data(r) in (None, "")) == (operator == "EMPTY")
    if operator in ("IN", "NOT IN"):
        if not isinstance(value, list):
            raise unprocessable(f'Property "{where.code}" expects an array as data.')
        return lambda r: (where.data(r) in value) != (operator == "NOT IN")
    if not isinstance(value, str):
        raise unprocessable(f'Property "{where.code}" expects a string as data.')
    # Akeneo's search index folds case for text filters.
    test, needle = _TEXT_TESTS[operator], value.casefold()
    return lambda r: test(str(where.data(r) or "").casefold(), needle)


def date_matcher(name: str, operator: str, value: Any) -> Predicate:
    try:
        when = datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise unprocessable(
            f'Property "{name}" expects a string with the format "yyyy-mm-dd H:i:s" as data, '
            f'"{value}" given.'
        ) from None
    if operator == ">":
        return lambda r: datetime.fromisoformat(r[name]) > when
    return lambda r: datetime.fromisoformat(r[name]) < when


def project(
    record: Raw,
    scope: str | None,
    locales: Collection[str] | None,
    attributes: Collection[str] | None,
) -> Raw:
    """The record with only the values a client asked for; non-varying values always stay."""

    def shown(value: Raw) -> bool:
        in_scope = value["scope"] is None or scope is None or value["scope"] == scope
        return in_scope and (
            value["locale"] is None or locales is None or value["locale"] in locales
        )

    kept = {
        code: [v for v in entries if shown(v)]
        for code, entries in record["values"].items()
        if attributes is None or code in attributes
    }
    return {**record, "values": {code: entries for code, entries in kept.items() if entries}}
