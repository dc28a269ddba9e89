"""The structural summary of a document: per operation, the figures the limits check, and
its cost as a program over the variables. Built once per document text, kept in the cache,
evaluated per request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    value_from_ast_untyped,
)

from schema.analysis.cost import CostProgram, Expr
from schema.analysis.walker import DocumentWalker


@dataclass(frozen=True, slots=True)
class OperationSummary:
    name: str | None
    kind: str  # query, mutation or subscription
    depth: int
    aliases: int
    root_fields: int
    directives: int
    cost: Expr
    defaults: Mapping[str, Any]  # the operation's variable defaults

    def variables(self, given: Mapping[str, Any] | None) -> Mapping[str, Any]:
        return {**self.defaults, **(given or {})}


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    operations: tuple[OperationSummary, ...]
    program: CostProgram
    selections: int  # the document's size as validation sees it

    def operation(self, name: str | None) -> OperationSummary | None:
        """The operation that will run. With no name and several operations the request
        fails later; the worst of them stands in meanwhile."""
        if name is not None:
            return next((o for o in self.operations if o.name == name), None)
        if len(self.operations) == 1:
            return self.operations[0]
        return max(self.operations, key=lambda o: (o.depth, o.aliases), default=None)

    def cost(self, operation: OperationSummary, variables: Mapping[str, Any] | None) -> int:
        return self.program.evaluate(operation.cost, operation.variables(variables))


def summarise(schema: GraphQLSchema, document: DocumentNode) -> DocumentSummary:
    program = CostProgram()
    walker = DocumentWalker(schema, program)
    definitions = document.definitions
    walker.walk_fragments([d for d in definitions if isinstance(d, FragmentDefinitionNode)])
    operations = tuple(
        _operation(walker, d) for d in definitions if isinstance(d, OperationDefinitionNode)
    )
    return DocumentSummary(operations, program, walker.selections)


def _operation(walker: DocumentWalker, node: OperationDefinitionNode) -> OperationSummary:
    root = walker.schema.get_root_type(node.operation)
    shape = walker.selection_set(node.selection_set, root)
    own = len(node.directives or ())
    for definition in node.variable_definitions or ():
        own = max(own, len(definition.directives or ()))
    return OperationSummary(
        name=node.name.value if node.name else None,
        kind=node.operation.value,
        depth=shape.depth,
        aliases=shape.aliases,
        root_fields=shape.fields,
        directives=max(own, shape.directives),
        cost=walker.program.most(shape.cost.values()),
        defaults=_defaults(node),
    )


def _defaults(node: OperationDefinitionNode) -> dict[str, Any]:
    return {
        d.variable.name.value: value_from_ast_untyped(d.default_value)
        for d in node.variable_definitions or ()
        if d.default_value is not None
    }
