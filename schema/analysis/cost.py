"""A cost as a small straight-line program: the structural pass over a document builds it
once (constants folded, so a document without variables costs one integer), and each
request evaluates it with its variables in one loop over its steps, never re-walking the
document. Steps only refer to earlier steps, so evaluation needs no recursion however long
a chain of fragments is. Arithmetic saturates at CEILING: a crafted document cannot make
the gateway multiply huge integers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

CEILING = 10**12


@dataclass(frozen=True, slots=True)
class Ref:
    """The value of an earlier step."""

    index: int


Expr = int | Ref
VarKind = Literal["int", "length"]


@dataclass(frozen=True, slots=True)
class _Var:
    name: str
    kind: VarKind
    fallback: int


@dataclass(frozen=True, slots=True)
class _Sum:
    constant: int
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class _Max:
    constant: int
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class _Times:
    factor: Expr
    term: Expr


_Step = _Var | _Sum | _Max | _Times


def cap(value: int) -> int:
    return value if value < CEILING else CEILING


@dataclass(slots=True)
class CostProgram:
    steps: list[_Step] = field(default_factory=list)

    def var(self, name: str, kind: VarKind, fallback: int) -> Ref:
        """A size read from a variable at evaluation; `fallback` when it is absent or null."""
        return self._push(_Var(name, kind, fallback))

    def add(self, terms: Iterable[Expr]) -> Expr:
        constant, refs = _split(terms)
        if not refs:
            return cap(constant)
        if constant == 0 and len(refs) == 1:
            return refs[0]
        return self._push(_Sum(cap(constant), refs))

    def most(self, terms: Iterable[Expr]) -> Expr:
        constants: list[int] = []
        refs: list[Ref] = []
        for term in terms:
            (refs if isinstance(term, Ref) else constants).append(term)  # type: ignore[arg-type]
        constant = max(constants, default=0)
        if not refs:
            return constant
        if constant == 0 and len(refs) == 1:
            return refs[0]
        return self._push(_Max(constant, tuple(refs)))

    def times(self, factor: Expr, term: Expr) -> Expr:
        if factor == 0 or term == 0:
            return 0
        if isinstance(factor, int) and isinstance(term, int):
            return cap(factor * term)
        if factor == 1:
            return term
        if term == 1:
            return factor
        return self._push(_Times(factor, term))

    def evaluate(self, target: Expr, variables: Mapping[str, Any]) -> int:
        if isinstance(target, int):
            return target
        values: list[int] = []
        for step in self.steps[: target.index + 1]:
            values.append(_run(step, values, variables))
        return values[target.index]

    def _push(self, step: _Step) -> Ref:
        self.steps.append(step)
        return Ref(len(self.steps) - 1)


def _split(terms: Iterable[Expr]) -> tuple[int, tuple[Ref, ...]]:
    constant = 0
    refs: list[Ref] = []
    for term in terms:
        if isinstance(term, Ref):
            refs.append(term)
        else:
            constant = cap(constant + term)
    return constant, tuple(refs)


def _run(step: _Step, values: list[int], variables: Mapping[str, Any]) -> int:
    if isinstance(step, _Sum):
        return cap(step.constant + sum(values[r.index] for r in step.refs))
    if isinstance(step, _Max):
        return max(step.constant, *(values[r.index] for r in step.refs))
    if isinstance(step, _Times):
        return cap(_value(step.factor, values) * _value(step.term, values))
    return _size(step, variables.get(step.name))


def _value(expr: Expr, values: list[int]) -> int:
    return values[expr.index] if isinstance(expr, Ref) else expr


def _size(var: _Var, value: Any) -> int:
    """A variable's size; a value of the wrong type falls back (execution refuses it)."""
    if var.kind == "length":
        if isinstance(value, list):
            return cap(len(value))
        return var.fallback if value is None else 1  # input coercion makes a list of one
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return cap(value)
    return var.fallback
