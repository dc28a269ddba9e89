"""Reading Akeneo product values (`{attribute: [{locale, scope, data}, ...]}`) for one
context: its channel, its locale and then the fallback locale, each value rendered as the
text a shopper reads (option labels rather than option codes)."""

from __future__ import annotations

from typing import Any

from connectors.akeneo.settings import ValueSelection
from connectors.akeneo.structure import Structure

Raw = dict[str, Any]
_EMPTY: tuple[object, ...] = (None, "", [])


class ValueReader:
    def __init__(self, selection: ValueSelection, structure: Structure) -> None:
        self.selection = selection
        self.scope = selection.scope
        self.locales = tuple(dict.fromkeys((selection.locale, selection.fallback_locale)))
        self.structure = structure
        # A reader serves one batch: its products share their attributes' types, labels and
        # option labels, looked up once each (bounded by the structure's own size).
        self._types: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._options: dict[tuple[str, str], str] = {}

    def data(self, values: Raw, attribute: str) -> Any:
        entries = values.get(attribute) or ()
        for locale in self.locales:
            for entry in entries:
                if (
                    entry.get("locale") in (locale, None)
                    and entry.get("scope") in (self.scope, None)
                    and entry.get("data") not in _EMPTY
                ):
                    return entry["data"]
        return None

    def text(self, values: Raw, attribute: str) -> str | None:
        data = self.data(values, attribute)
        return None if data is None else self.render(attribute, data)

    def label(self, attribute: str) -> str:
        found = self._labels.get(attribute)
        if found is None:
            found = self._labels[attribute] = self.structure.label(attribute, self.locales)
        return found

    def option(self, attribute: str, code: str) -> str:
        found = self._options.get((attribute, code))
        if found is None:
            found = self.structure.option(attribute, code, self.locales)
            self._options[attribute, code] = found
        return found

    def render(self, attribute: str, data: Any) -> str | None:
        kind = self._types.get(attribute)
        if kind is None:
            kind = self._types[attribute] = self.structure.type_of(attribute)
        if kind == "pim_catalog_simpleselect":
            return self.option(attribute, str(data))
        if kind == "pim_catalog_multiselect" and isinstance(data, list):
            return ", ".join(self.option(attribute, str(d)) for d in data)
        if kind == "pim_catalog_metric" and isinstance(data, dict):
            return f"{data.get('amount')} {data.get('unit')}"
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return str(data)
        # Booleans (no wording per locale), prices, tables, assets: not shown as attributes.
        return None
