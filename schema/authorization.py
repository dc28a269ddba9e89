"""Which scopes an operation needs, found in one pass over its (validated) document:
each fragment's fields are collected once and memoised, a spread only merges the
memoised set, so a crafted fan-out of spreads costs no more than its text. The result is
cached per document text and operation."""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)

from schema.analysis.lru import Lru
from schema.scopes import scope_of

Coordinate = tuple[str, str]  # (type name, field name)
MAX_NAMED_FIELDS = 5


class ScopeAnalyser:
    def __init__(self, cached: int = 512) -> None:
        self._cache: Lru[tuple[str, str | None], dict[str, tuple[str, ...]]] = Lru(cached)

    def required(
        self,
        schema: GraphQLSchema,
        text: str | None,
        document: DocumentNode,
        operation: OperationDefinitionNode,
    ) -> dict[str, tuple[str, ...]]:
        """scope → the (first few) fields that need it."""
        name = operation.name.value if operation.name else None
        key = (text, name) if text is not None else None
        cached = self._cache.get(key) if key is not None else None
        if cached is None:
            cached = _by_scope(_Collector(schema, document).operation(operation))
            if key is not None:
                self._cache.put(key, cached)
        return cached


def missing(
    required: dict[str, tuple[str, ...]], granted: frozenset[str]
) -> list[tuple[str, tuple[str, ...]]]:
    return [(scope, fields) for scope, fields in sorted(required.items()) if scope not in granted]


class _Collector:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self._schema = schema
        self._definitions = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[str, frozenset[Coordinate]] = {}
        self._visiting: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> frozenset[Coordinate]:
        return self._selection_set(node.selection_set, self._schema.get_root_type(node.operation))

    def _selection_set(
        self, node: SelectionSetNode, parent: GraphQLNamedType | None
    ) -> frozenset[Coordinate]:
        found: set[Coordinate] = set()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                found |= self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                typed = self._schema.get_type(condition.name.value) if condition else parent
                found |= self._selection_set(selection.selection_set, typed)
            elif isinstance(selection, FragmentSpreadNode):
                found |= self._fragment(selection.name.value)
        return frozenset(found)

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> set[Coordinate]:
        name = node.name.value
        if parent is None or name.startswith("__"):
            return set()
        # On an interface (Node) only the interface's own field counts: what a type adds
        # is asked in a fragment on that type, and needs that type's scope there.
        found: set[Coordinate] = {(parent.name, name)}
        definition = getattr(parent, "fields", {}).get(name)
        if node.selection_set is not None and definition is not None:
            found |= self._selection_set(node.selection_set, get_named_type(definition.type))
        return found

    def _fragment(self, name: str) -> frozenset[Coordinate]:
        if name in self._memo:
            return self._memo[name]
        definition = self._definitions.get(name)
        if definition is None or name in self._visiting:
            return frozenset()  # validation refuses unknown and cyclic fragments
        self._visiting.add(name)
        condition = self._schema.get_type(definition.type_condition.name.value)
        self._memo[name] = self._selection_set(definition.selection_set, condition)
        self._visiting.discard(name)
        return self._memo[name]


def _by_scope(coordinates: frozenset[Coordinate]) -> dict[str, tuple[str, ...]]:
    fields: dict[str, list[str]] = {}
    for type_name, field_name in sorted(coordinates):
        scope = scope_of(type_name, field_name)
        if scope is None:
            continue
        named = fields.setdefault(scope, [])
        if field_name not in named and len(named) < MAX_NAMED_FIELDS:
            named.append(field_name)
    return {scope: tuple(names) for scope, names in fields.items()}
