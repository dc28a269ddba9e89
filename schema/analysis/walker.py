"""The one pass over a document: every fragment is walked once, in dependency order, and
its Shape memoised; a spread only combines the memoised Shape. It runs before validation
(so that limits protect validation too), hence it tolerates unknown fields, types and
fragments, and fragment cycles: what it cannot type costs nothing, and validation reports
it. It is the hot path of a new document, so it keeps to lookups and integer arithmetic."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    is_abstract_type,
)

from schema.analysis.cost import CostProgram, Expr
from schema.analysis.fragments import dependency_order
from schema.analysis.plan import UNKNOWN, FieldPlan, plan_field
from schema.analysis.shape import EMPTY, Shape, saturating


class DocumentWalker:
    def __init__(self, schema: GraphQLSchema, program: CostProgram) -> None:
        self.schema = schema
        self.program = program
        self.fragments: dict[str, Shape] = {}
        self.selections = 0  # every selection once, not per spread: what validation visits
        self._possible_types: dict[str, frozenset[str]] = {}
        self._plans: dict[tuple[str, str], FieldPlan] = {}

    def walk_fragments(self, definitions: Sequence[FragmentDefinitionNode]) -> None:
        by_name = {d.name.value: d for d in definitions}
        for name in dependency_order(by_name):
            definition = by_name[name]
            condition = self.schema.get_type(definition.type_condition.name.value)
            shape = self.selection_set(definition.selection_set, condition)
            own = len(definition.directives or ())
            self.fragments[name] = (
                shape._replace(directives=own) if own > shape.directives else shape
            )

    def selection_set(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> Shape:
        possible = self._possible(parent)
        introspective = parent is not None and parent.name.startswith("__")
        common: list[Expr] = []  # what every possible type pays
        extra: dict[str, list[Expr]] = {}  # what fragments add for some types only
        depth = aliases = fields = directives = 0
        spread: set[str] = set()
        for selection in node.selections:
            self.selections += 1
            if selection.directives and len(selection.directives) > directives:
                directives = len(selection.directives)
            if isinstance(selection, FieldNode):
                fields += 1
                if selection.alias is not None:
                    aliases += 1
                if selection.selection_set is None:  # a leaf: the common case, kept cheap
                    depth = depth or 1
                    continue
                sub, cost = self.field(selection, parent)
                aliases += sub.aliases
                # GraphiQL's introspection query nests type references deeper than a public
                # API's limit; graphql-core's MaxIntrospectionDepthRule bounds it instead.
                if introspective or selection.name.value.startswith("__"):
                    depth = depth or 1
                elif sub.depth >= depth:
                    depth = sub.depth + 1
                if sub.directives > directives:
                    directives = sub.directives
                if cost != 0:
                    common.append(cost)
                continue
            sub = self._fragment(selection, parent, spread)
            fields += sub.fields
            aliases += sub.aliases
            if sub.depth > depth:
                depth = sub.depth
            if sub.directives > directives:
                directives = sub.directives
            for type_name, cost in sub.cost.items():
                if type_name in possible:
                    extra.setdefault(type_name, []).append(cost)
        costs = self._costs(possible, common, extra)
        return Shape(saturating(depth), saturating(aliases), saturating(fields), directives, costs)

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> tuple[Shape, Expr]:
        plan = self._plan(parent, node.name.value)
        assert node.selection_set is not None
        sub = self.selection_set(node.selection_set, plan.target)
        if plan.kind == "free":
            return sub, 0
        program = self.program
        inner = program.most(sub.cost.values())
        if plan.kind == "object":
            return sub, program.add((plan.weight, inner))
        size = self._size(node, plan)
        if plan.kind == "connection":  # the page multiplies the whole connection's selection
            return sub, program.add((plan.weight, program.times(size, inner)))
        return sub, program.times(size, program.add((plan.weight, inner)))  # each item an object

    def _fragment(
        self, selection: SelectionNode, parent: GraphQLNamedType | None, spread: set[str]
    ) -> Shape:
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in spread:
                return EMPTY  # the executor collects a repeated spread once
            spread.add(name)
            return self.fragments.get(name, EMPTY)
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = self.schema.get_type(condition.name.value) if condition else parent
            return self.selection_set(selection.selection_set, target)
        return EMPTY  # pragma: no cover - the grammar has no other selection

    def _costs(
        self, possible: frozenset[str], common: list[Expr], extra: dict[str, list[Expr]]
    ) -> dict[str, Expr]:
        shared = self.program.add(common)
        if not extra:
            return {name: shared for name in possible} if shared != 0 else {}
        if shared == 0:
            costs = {name: self.program.add(terms) for name, terms in extra.items()}
        else:
            costs = {name: self.program.add([shared, *extra.get(name, ())]) for name in possible}
        return {name: cost for name, cost in costs.items() if cost != 0}

    def _size(self, node: FieldNode, plan: FieldPlan) -> Expr:
        if plan.size_argument is None:
            return plan.size
        value = next(
            (a.value for a in node.arguments or () if a.name.value == plan.size_argument), None
        )
        if isinstance(value, VariableNode):
            return self.program.var(value.name.value, "length" if plan.length else "int", plan.size)
        if plan.length:
            if isinstance(value, ListValueNode):
                return saturating(len(value.values))
            return 0 if isinstance(value, NullValueNode) else 1
        if isinstance(value, IntValueNode):
            return saturating(max(0, int(value.value)))
        return plan.size  # absent, null, or of the wrong type (validation refuses it)

    def _plan(self, parent: GraphQLNamedType | None, name: str) -> FieldPlan:
        if parent is None:
            return UNKNOWN
        key = (parent.name, name)
        plan = self._plans.get(key)
        if plan is None:
            plan = UNKNOWN
            if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                definition = parent.fields.get(name)
                if definition is not None:
                    plan = plan_field(parent, name, definition)
            self._plans[key] = plan
        return plan

    def _possible(self, parent: GraphQLNamedType | None) -> frozenset[str]:
        if parent is None:
            return frozenset()
        known = self._possible_types.get(parent.name)
        if known is None:
            if isinstance(parent, GraphQLObjectType):
                known = frozenset((parent.name,))
            elif is_abstract_type(parent):
                known = frozenset(t.name for t in self.schema.get_possible_types(parent))
            else:
                known = frozenset()
            self._possible_types[parent.name] = known
        return known
