"""Hypothesis strategies for read-only operations over the gateway's SDL: a few root fields
that are safe to call, with arguments from small pools of existing and junk values, nested
selections up to MAX_DEPTH with aliases, __typename, inline fragments on the Node interface
and named fragments, and @skip/@include driven by variables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import strategies as st

from tests.differential.sdl import gateway_schema

MAX_DEPTH = 4
ROOTS = ("products", "product", "category", "store", "stores", "page", "node", "nodes",
         "pickupOptions", "cart", "order", "customer")  # fmt: skip
PRODUCT_IDS = ["UHJvZHVjdDpQMDAwMDAx", "UHJvZHVjdDpQMDAxMzgx", "UHJvZHVjdDpOT1BF"]
NODE_IDS = [*PRODUCT_IDS, "U3RvcmU6UzAwMQ", "Q2F0ZWdvcnk6QzAx", "UGFnZTpob21l", "junk", ""]
# Argument literals by argument name, then by type; the first ones of each pool are valid.
BY_NAME: dict[str, list[str]] = {
    "handle": ['"garden-shears-1"', '"gardening-gloves-2"', '"garden"', '"home"', '"nope"'],
    "sku": ['"OC-000001"', '"OC-000002-GRN-M"', '"NOPE"'],
    "code": ['"PAR-RIVOLI"', '"NOPE"'],
    "categoryHandle": ['"garden-tools"', '"garden"', '"nope"'],
    "query": ['"shears"', '"gloves"', '""', '"zzzz"'],
    "after": ['"bzo0"', '"bzo5OQ"', '"bm90LWEtY3Vyc29y"'],
    "first": ["1", "2", "3", "5", "0", "-1"],
    "radiusKm": ["16", "3.5", "0", "-1"],
    "near": ["{latitude: 48.8566, longitude: 2.3522}", "{latitude: 95, longitude: 0}"],
    "lines": ['[{sku: "OC-000001", quantity: 1}]', '[{sku: "OC-000002-GRN-S", quantity: 2}]',
              '[{sku: "NOPE", quantity: 1}]', "[]"],
    "ids": [f"[{', '.join(f'{chr(34)}{i}{chr(34)}' for i in NODE_IDS[:3])}]", '["junk"]', "[]"],
    "id": [f'"{i}"' for i in NODE_IDS],
    "onlyAvailable": ["true", "false"],
    "reverse": ["true", "false"],
    "sortKey": ["TITLE", "PRICE", "BEST_SELLING", "RELEVANCE", "CREATED_AT"],
}  # fmt: skip
FLAG = "$flag"


@dataclass
class Draft:
    """What a document being drawn needs besides its selections."""

    fragments: dict[str, str] = field(default_factory=dict)
    uses_flag: bool = False
    aliases: int = 0
    in_fragment: bool = False

    def alias(self, name: str) -> str:
        """A response name used nowhere else in the document, so fields never conflict."""
        self.aliases += 1
        return f"{name}{self.aliases}: "


@dataclass(frozen=True)
class Generated:
    query: str
    variables: dict[str, Any]


@st.composite
def operations(draw: st.DrawFn) -> Generated:
    query_type = gateway_schema().query_type
    assert query_type is not None
    draft = Draft()
    names = draw(st.lists(st.sampled_from(ROOTS), min_size=1, max_size=3, unique=True))
    roots = [draw(_field(name, query_type.fields[name], draft, 1)) for name in names]
    header = "query Generated($flag: Boolean!)" if draft.uses_flag else "query Generated"
    text = f"{header} {{ {' '.join(roots)} }}" + "".join(
        f"\nfragment {n} {body}" for n, body in draft.fragments.items()
    )
    variables = {"flag": draw(st.booleans())} if draft.uses_flag else {}
    return Generated(text, variables)


@st.composite
def _field(draw: st.DrawFn, name: str, definition: GraphQLField, draft: Draft, depth: int) -> str:
    alias = (
        draft.alias(name)
        if draw(st.integers(0, 3)) == 0 or (depth > 1 and draft.in_fragment)
        else ""
    )
    arguments = draw(_arguments(definition))
    directive = draw(_directive(draft))
    target = get_named_type(definition.type)
    if is_leaf_type(target):
        return f"{alias}{name}{arguments}{directive}"
    assert isinstance(target, GraphQLObjectType | GraphQLInterfaceType)
    return f"{alias}{name}{arguments}{directive} {draw(_selection(target, draft, depth))}"


@st.composite
def _arguments(draw: st.DrawFn, definition: GraphQLField) -> str:
    chosen = []
    for name, argument in definition.args.items():
        pool = BY_NAME.get(name)
        required = isinstance(argument.type, GraphQLNonNull)
        if pool is None or not (required or draw(st.integers(0, 3)) == 0):
            continue
        valid_first = draw(st.integers(0, 9))  # mostly valid values: a handful of junk
        value = pool[0] if valid_first == 0 else draw(st.sampled_from(pool))
        chosen.append(f"{name}: {_listed(argument.type, value)}")
    return f"({', '.join(chosen)})" if chosen else ""


def _listed(kind: GraphQLType, value: str) -> str:
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    return value if not isinstance(inner, GraphQLList) or value.startswith("[") else f"[{value}]"


@st.composite
def _directive(draw: st.DrawFn, draft: Draft) -> str:
    choice = draw(st.integers(0, 11))
    if choice == 0:
        draft.uses_flag = True
        return f" @skip(if: {FLAG})"
    if choice == 1:
        draft.uses_flag = True
        return f" @include(if: {FLAG})"
    return " @include(if: true)" if choice == 2 else ""


@st.composite
def _selection(
    draw: st.DrawFn, parent: GraphQLObjectType | GraphQLInterfaceType, draft: Draft, depth: int
) -> str:
    fields = _callable_fields(parent, depth)
    if not fields:  # an object of objects at the last level
        return "{ __typename }"
    names = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=4, unique=True))
    parts = [draw(_field(n, fields[n], draft, depth + 1)) for n in names]
    if draw(st.integers(0, 3)) == 0:
        parts.append("__typename")
    if isinstance(parent, GraphQLInterfaceType):
        parts += [draw(_inline_fragment(draft, depth))]
    elif draw(st.integers(0, 5)) == 0:
        parts.append(draw(_named_fragment(parent, draft, depth)))
    return "{ " + " ".join(parts) + " }"


def _callable_fields(
    parent: GraphQLObjectType | GraphQLInterfaceType, depth: int
) -> dict[str, GraphQLField]:
    """Fields below the depth limit: only leaves at the last level; every field whose
    required arguments the pools can fill."""
    fields = {}
    for name, definition in parent.fields.items():
        leaf = is_leaf_type(get_named_type(definition.type))
        fillable = all(
            a in BY_NAME or not isinstance(arg.type, GraphQLNonNull)
            for a, arg in definition.args.items()
        )
        if fillable and (leaf or depth < MAX_DEPTH):
            fields[name] = definition
    return fields


@st.composite
def _inline_fragment(draw: st.DrawFn, draft: Draft, depth: int) -> str:
    implementations = gateway_schema().get_implementations(_node()).objects
    chosen = draw(st.sampled_from(sorted(implementations, key=lambda t: t.name)))
    return f"... on {chosen.name} {draw(_selection(chosen, draft, depth))}"


@st.composite
def _named_fragment(draw: st.DrawFn, parent: GraphQLObjectType, draft: Draft, depth: int) -> str:
    name = f"F{len(draft.fragments)}{parent.name}"
    draft.fragments[name] = "pending"  # reserves the name while its body is drawn
    outer, draft.in_fragment = draft.in_fragment, True  # its fields merge with the parent's
    draft.fragments[name] = f"on {parent.name} {draw(_selection(parent, draft, depth))}"
    draft.in_fragment = outer
    return f"...{name}"


def _node() -> GraphQLInterfaceType:
    node = gateway_schema().get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    return node
