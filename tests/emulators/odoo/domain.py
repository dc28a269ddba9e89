"""Odoo's domain grammar: a list of (field, operator, value) triples and the prefix
operators '&' (two operands), '|' (two operands) and '!' (one operand); consecutive terms
at any level are joined by an implicit '&'. Fields are checked against the model."""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Sequence
from typing import Any

from tests.emulators.odoo.errors import OdooFault, invalid_field

_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

Record = dict[str, Any]
Predicate = Callable[[Record], bool]
OPERATORS = ("=", "!=", "in", "not in", "<", "<=", ">", ">=", "ilike", "not ilike")


def compile_domain(domain: Any, model: str, fields: Collection[str]) -> Predicate:
    if not isinstance(domain, list):
        raise OdooFault("builtins.ValueError", f"Invalid domain: {domain!r}")
    predicates: list[Predicate] = []
    at = 0
    while at < len(domain):
        predicate, at = _expression(domain, at, model, fields)
        predicates.append(predicate)
    return lambda record: all(p(record) for p in predicates)


def _expression(
    domain: Sequence[Any], at: int, model: str, fields: Collection[str]
) -> tuple[Predicate, int]:
    if at >= len(domain):
        raise OdooFault("builtins.ValueError", "Invalid domain: an operator lacks operands")
    token = domain[at]
    if token == "!":
        operand, after = _expression(domain, at + 1, model, fields)
        return (lambda r: not operand(r)), after
    if token in ("&", "|"):
        left, middle = _expression(domain, at + 1, model, fields)
        right, after = _expression(domain, middle, model, fields)
        if token == "&":
            return (lambda r: left(r) and right(r)), after
        return (lambda r: left(r) or right(r)), after
    return _term(token, model, fields), at + 1


def _term(term: Any, model: str, fields: Collection[str]) -> Predicate:
    if not isinstance(term, list | tuple) or len(term) != 3:
        raise OdooFault("builtins.ValueError", f"Invalid leaf {term!r}")
    name, op, value = term
    if name not in fields:
        raise invalid_field(model, str(name))
    if op not in OPERATORS:
        raise OdooFault("builtins.ValueError", f"Invalid operator {op!r}")
    return lambda record: _holds(_plain(record.get(name)), op, value)


def _plain(value: Any) -> Any:
    """A many2one reads as [id, name]; domains compare its id."""
    return value[0] if isinstance(value, list) and len(value) == 2 else value


def _holds(actual: Any, op: str, value: Any) -> bool:
    if op in ("in", "not in"):
        members = value if isinstance(value, list) else [value]
        return (actual in members) == (op == "in")
    if op in ("ilike", "not ilike"):
        found = str(value).lower() in str(actual or "").lower()
        return found == (op == "ilike")
    if op == "=":
        return bool(actual == value or (value is False and actual in (None, False)))
    if op == "!=":
        return not _holds(actual, "=", value)
    if actual in (None, False):
        return False
    try:
        return bool(_ORDER[op](actual, value))
    except TypeError:
        return False
