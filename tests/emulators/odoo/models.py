"""The ORM methods the emulator answers through `execute_kw`: search_read, read,
search_count and search, with Odoo's `fields`, `limit`, `offset` and `order` keywords."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.emulators.odoo.domain import Record, compile_domain
from tests.emulators.odoo.errors import OdooFault, invalid_field

METHODS = frozenset({"search_read", "read", "search_count", "search"})


class Models:
    def __init__(self, tables: dict[str, list[Record]]) -> None:
        self.tables = tables

    def call(self, model: str, method: str, args: list[Any], kwargs: Mapping[str, Any]) -> Any:
        records = self._table(model)
        if method not in METHODS:
            raise OdooFault(
                "builtins.AttributeError", f"The method '{model}.{method}' does not exist"
            )
        if method == "read":
            ids = args[0] if args else kwargs.get("ids", [])
            fields = args[1] if len(args) > 1 else kwargs.get("fields")
            wanted = set(ids if isinstance(ids, list) else [ids])
            return self._project(model, [r for r in records if r["id"] in wanted], fields)
        domain = args[0] if args else kwargs.get("domain", [])
        found = self._search(model, records, domain, kwargs)
        if method == "search_count":
            return len(found)
        if method == "search":
            return [r["id"] for r in found]
        fields = args[1] if len(args) > 1 else kwargs.get("fields")
        return self._project(model, found, fields)

    def _table(self, model: str) -> list[Record]:
        if model not in self.tables:
            raise OdooFault("odoo.exceptions.UserError", f"Object {model} doesn't exist")
        return self.tables[model]

    def _fields(self, model: str) -> set[str]:
        return {name for record in self.tables[model] for name in record} | {"id"}

    def _search(
        self, model: str, records: list[Record], domain: Any, kwargs: Mapping[str, Any]
    ) -> list[Record]:
        known = self._fields(model)
        active_test = "active" in known and not _mentions(domain, "active")
        predicate = compile_domain(domain, model, known)
        found = [r for r in records if predicate(r) and (not active_test or r.get("active"))]
        found = _ordered(model, found, kwargs.get("order") or "id", known)
        offset = int(kwargs.get("offset") or 0)
        limit = kwargs.get("limit")
        return found[offset : offset + int(limit)] if limit else found[offset:]

    def _project(self, model: str, records: list[Record], fields: Any) -> list[Record]:
        known = self._fields(model)
        names = list(fields) if fields else sorted(known)
        for name in names:
            if name not in known:
                raise invalid_field(model, str(name))
        return [{"id": r["id"], **{n: r.get(n, False) for n in names}} for r in records]


def _mentions(domain: Any, field: str) -> bool:
    return isinstance(domain, list) and any(
        isinstance(t, list | tuple) and len(t) == 3 and t[0] == field for t in domain
    )


def _ordered(model: str, records: list[Record], order: str, known: set[str]) -> list[Record]:
    """Odoo's `order`: comma-separated `field [asc|desc]`, applied last key first."""
    result = list(records)
    for clause in reversed([c.split() for c in str(order).split(",") if c.strip()]):
        name = clause[0]
        if name not in known:
            raise invalid_field(model, name)
        descending = len(clause) > 1 and clause[1].lower() == "desc"
        result.sort(key=lambda r: _sort_key(r.get(name)), reverse=descending)
    return result


def _sort_key(value: Any) -> tuple[int, Any]:
    if value in (None, False):
        return (0, "")
    if isinstance(value, list):
        return (1, str(value[1]))
    return (1, value)
