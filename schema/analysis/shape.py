"""What a selection set contributes to an operation, the unit the one-pass analysis
memoises per fragment and combines at each spread."""

from __future__ import annotations

from typing import NamedTuple

from schema.analysis.cost import CEILING, Expr


class Shape(NamedTuple):  # a tuple: the walker makes one per selection set, cheaply
    depth: int  # fields on the longest path down from here
    aliases: int  # aliased fields, counted once per spread that reaches them
    fields: int  # fields at this level, through fragments (root fields, at the root)
    directives: int  # the most directives on any one location
    # The cost for each concrete type the selection may resolve to (types that cost
    # nothing left out): a fragment on an interface contributes to some implementations
    # only, and the field pays the maximum.
    cost: dict[str, Expr]


EMPTY = Shape(0, 0, 0, 0, {})


def saturating(value: int) -> int:
    return value if value < CEILING else CEILING
