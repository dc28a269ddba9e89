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
        return self.structure.label(attribute, self.locales)

    def render(self, attribute: str, data: Any) -> str | None:
        kind = self.structure.type_of(attribute)
        if kind == "pim_catalog_simpleselect":
            return self.structure.option(attribute, str(data), self.locales)
        if kind == "pim_catalog_multiselect" and isinstance(data, list):
            return ", ".join(self.structure.option(attribute, str(d), self.locales) for d in data)
        if kind == "pim_catalog_metric" and isinstance(data, dict):
            return f"{data.get('amount')} {data.get('unit')}"
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return str(data)
        # Booleans (no wording per locale), prices, tables, assets: not shown as attributes.
        return None
