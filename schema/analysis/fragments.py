"""The order in which the one pass walks fragment definitions: each after the fragments it
spreads, so that a spread always finds its fragment's Shape already memoised."""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)


def dependency_order(fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """Fragments after those they spread, by an iterative depth-first search (a chain of
    hundreds of fragments must not exhaust the stack); a cycle is cut where it closes."""
    spreads = {name: _spreads(d.selection_set) for name, d in fragments.items()}
    order: list[str] = []
    state: dict[str, bool] = {}  # False: on the path; True: done
    for root in fragments:
        if root in state:
            continue
        stack = [(root, iter(spreads[root]))]
        state[root] = False
        while stack:
            name, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                state[name] = True
                order.append(name)
            elif child in fragments and child not in state:
                state[child] = False
                stack.append((child, iter(spreads[child])))
    return order


def _spreads(selection_set: SelectionSetNode) -> list[str]:
    names: list[str] = []
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)
    return names
