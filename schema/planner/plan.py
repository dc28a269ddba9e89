"""What is compiled once per operation: for each object type a selection may meet, the
fields to produce (response key, definition, how to resolve, where errors point), eagerly
over every possible type of an abstract field, so that an unsupported field is known
before any resolver runs (a mutation cannot be half-run, then retried on another path).

Plans are cached per (document text, operation, the values of Boolean variables): those
are all @skip/@include can depend on. Argument values are read per run, except those written
as literals that convert to immutable values: converted once, kept on the field's plan."""

from __future__ import annotations

import builtins
import enum
import logging
import operator
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from cachetools import LRUCache
from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    ValueNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import (
    CollectedFields,
    FieldDetails,
    FragmentDetails,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import VariableValues

from schema.planner.compiled import Expand, expander
from schema.planner.fields import Kind, Resolution, Unsupported, resolution_of
from schema.planner.natives import native_type

log = logging.getLogger(__name__)

CACHED_PLANS = 512
# The run of an operation at which its object plans get their generated functions.
GENERATE_AT_RUN = 2
# Where strawberry keeps a GraphQL type's own definition (GraphQLCoreConverter's backref).
STRAWBERRY_DEFINITION = "strawberry-definition"


class Shape(enum.Enum):
    """How a field's value completes, decided once: the common shapes have a fast path."""

    LEAF = "leaf"  # a scalar or enum, nullable or not
    OBJECT = "object"  # one object type
    ABSTRACT = "abstract"  # an interface or union
    LEAF_LIST = "leaf-list"  # one level of list over a scalar or enum
    OBJECT_LIST = "object-list"  # one level of list over one object type
    OTHER = "other"  # lists of lists, lists of abstract types: the general path


@dataclass(slots=True)
class FieldPlan:
    key: str
    name: str
    definition: GraphQLField
    details: list[FieldDetails]
    nodes: list[FieldNode]
    parent_type: GraphQLObjectType
    resolution: Resolution
    has_arguments: bool
    # No argument of the field names a variable: its values are fixed by the document.
    literal_arguments: bool
    nullable: bool
    # The field's type when it is a scalar or enum (nullable or not): completed in place.
    leaf: GraphQLLeafType | None
    shape: Shape
    # For lists: whether an item may be null; the item's leaf type (LEAF_LIST).
    item_nullable: bool
    item_leaf: GraphQLLeafType | None
    # The object type of OBJECT and OBJECT_LIST (its is_type_of is checked per value).
    object_type: GraphQLObjectType | None
    # For object-valued fields: the plan per runtime type name.
    children: dict[str, ObjectPlan] = field(default_factory=dict)
    # The one plan of an OBJECT or OBJECT_LIST field (its object_type's).
    child: ObjectPlan | None = None
    # How to read the value when it is a scalar read from the parent alone, with no info
    # and no arguments (an attribute, or a method like `def title(self): ...`): the most
    # common field, completed inline. None otherwise.
    scalar_getter: Callable[[Any], Any] | None = None
    # The field's arguments, coerced and converted, when they are the same for every run:
    # literals only (no variable) that convert to immutable values. Set by the first run.
    constant_arguments: dict[str, Any] | None = None
    # A batch field's arguments merged with its resolver's defaults, when fixed likewise.
    batch_arguments: dict[str, Any] | None = None
    # The Python type the leaf (or the list's item leaf) passes unchanged, for a built-in
    # scalar (schema/planner/natives.py).
    native: builtins.type | None = None
    item_native: builtins.type | None = None

    def __post_init__(self) -> None:
        self.native, self.item_native = native_type(self.leaf), native_type(self.item_leaf)
        resolution = self.resolution
        if self.shape is not Shape.LEAF:
            return
        if resolution.kind is Kind.ATTRIBUTE:
            self.scalar_getter = operator.attrgetter(resolution.attribute)
        elif resolution.kind is Kind.CALL and resolution.self_only and not self.has_arguments:
            self.scalar_getter = resolution.function

    @property
    def return_type(self) -> GraphQLOutputType:
        return self.definition.type


@dataclass(slots=True)
class ObjectPlan:
    type: GraphQLObjectType
    fields: list[FieldPlan]
    keys: tuple[str, ...] = ()  # the response keys in order: each object starts as these
    # The strawberry class of the type: a value of exactly that class is of the type, so
    # its `is_type_of` (a cast lookup and an isinstance over the interfaces) is spared.
    # None for a type strawberry did not define.
    origin: builtins.type | None = None
    # The function generated for these fields (schema/planner/compiled.py), once the
    # operation has run twice (OperationPlan.note_run); None until then, and for a plan too
    # large to have one: the run's general loop completes those.
    expand: Expand | None = None

    def __post_init__(self) -> None:
        self.keys = tuple(f.key for f in self.fields)
        definition = (self.type.extensions or {}).get(STRAWBERRY_DEFINITION)
        self.origin = getattr(definition, "origin", None)


@dataclass(slots=True)
class OperationPlan:
    root: ObjectPlan
    serial: bool
    # Every object plan of the operation, the root's included.
    objects: tuple[ObjectPlan, ...] = ()
    runs: int = 0

    def note_run(self) -> None:
        """Counts a run. At the second, each object plan gets its generated function:
        generating costs about half of what validating the document did (Python's
        `compile`), so a document run only once (most hostile ones) never pays it, and one
        run again pays it once."""
        self.runs += 1
        if self.runs == GENERATE_AT_RUN:
            self.generate()

    def generate(self) -> None:
        for plan in self.objects:
            try:
                plan.expand = expander(plan)
            except (ValueError, SyntaxError):  # not for a parsed document: the loop serves it
                log.warning("no generated function for %s", plan.type.name, exc_info=True)


@dataclass(slots=True)
class Compiler:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDetails]
    variables: VariableValues
    operation: OperationDefinitionNode
    hide_suggestions: bool
    objects: list[ObjectPlan] = field(default_factory=list)  # made by `compile`

    def compile(self) -> OperationPlan:
        kind = self.operation.operation
        if kind is OperationType.SUBSCRIPTION:
            raise Unsupported("subscription")
        root_type = self.schema.get_root_type(kind)
        if root_type is None:
            raise Unsupported("no-root-type")
        collected = collect_fields(
            self.schema,
            self.fragments,
            self.variables,
            root_type,
            self.operation,
            self.hide_suggestions,
        )
        self.objects = []
        root = self._object(root_type, collected)
        return OperationPlan(root, kind is OperationType.MUTATION, tuple(self.objects))

    def _object(self, object_type: GraphQLObjectType, collected: CollectedFields) -> ObjectPlan:
        if collected.new_defer_usages:
            raise Unsupported("defer")
        fields = [
            self._field(object_type, key, details)
            for key, details in collected.grouped_field_set.items()
        ]
        plan = ObjectPlan(object_type, [f for f in fields if f is not None])
        self.objects.append(plan)
        return plan

    def _field(
        self, parent: GraphQLObjectType, key: str, details: list[FieldDetails]
    ) -> FieldPlan | None:
        first = details[0]
        if first.fragment_variable_values is not None:
            raise Unsupported("fragment-arguments")
        name = first.node.name.value
        definition = self.schema.get_field(parent, name)
        if definition is None:
            return None  # graphql-core skips it too (validation refuses it first)
        plan = FieldPlan(
            key=key,
            name=name,
            definition=definition,
            details=details,
            nodes=[d.node for d in details],
            parent_type=parent,
            resolution=resolution_of(name, definition),
            has_arguments=bool(definition.args or first.node.arguments),
            literal_arguments=not any(_uses_variables(a.value) for a in first.node.arguments or ()),
            nullable=not isinstance(definition.type, GraphQLNonNull),
            leaf=_leaf(definition.type),
            **_shape(definition.type),
        )
        named = get_named_type(definition.type)
        if not is_leaf_type(named):
            for runtime in self._runtime_types(named):
                sub = collect_subfields(
                    self.schema,
                    self.fragments,
                    self.variables,
                    self.operation,
                    runtime,
                    details,
                    self.hide_suggestions,
                )
                plan.children[runtime.name] = self._object(runtime, sub)
        if plan.object_type is not None:
            plan.child = plan.children[plan.object_type.name]
        return plan

    def _runtime_types(self, named: Any) -> list[GraphQLObjectType]:
        if is_abstract_type(named):
            return list(self.schema.get_possible_types(named))
        return [named]


def _uses_variables(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_uses_variables(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_uses_variables(f.value) for f in value.fields)
    return False


def _shape(return_type: GraphQLOutputType) -> dict[str, Any]:
    inner = _nullable(return_type)
    shape, item_nullable, item_leaf, object_type = Shape.OTHER, True, None, None
    if is_leaf_type(inner):
        shape = Shape.LEAF
    elif isinstance(inner, GraphQLObjectType):
        shape, object_type = Shape.OBJECT, inner
    elif is_abstract_type(inner):
        shape = Shape.ABSTRACT
    elif isinstance(inner, GraphQLList):
        item = _nullable(inner.of_type)
        item_nullable = not isinstance(inner.of_type, GraphQLNonNull)
        if is_leaf_type(item):
            shape, item_leaf = Shape.LEAF_LIST, item
        elif isinstance(item, GraphQLObjectType):
            shape, object_type = Shape.OBJECT_LIST, item
    return {
        "shape": shape,
        "item_nullable": item_nullable,
        "item_leaf": item_leaf,
        "object_type": object_type,
    }


def _nullable(return_type: GraphQLOutputType) -> Any:
    return return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type


def _leaf(return_type: GraphQLOutputType) -> GraphQLLeafType | None:
    inner = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    return inner if is_leaf_type(inner) else None


class PlanCache:
    def __init__(self, size: int = CACHED_PLANS) -> None:
        self._plans: LRUCache[Hashable, OperationPlan | Unsupported] = LRUCache(size)

    def get(self, compiler: Compiler) -> OperationPlan:
        """The operation's plan; raises Unsupported (remembered too) when it has none."""
        key = _plan_key(compiler.operation, compiler.variables)
        found = self._plans.get(key) if key is not None else None
        if found is None:
            try:
                found = compiler.compile()
            except Unsupported as unsupported:
                found = unsupported
            except RecursionError:
                found = Unsupported("too-deep")
            if key is not None:
                self._plans[key] = found
        if isinstance(found, Unsupported):
            raise found
        return found


def _plan_key(operation: OperationDefinitionNode, variables: VariableValues) -> Hashable | None:
    location = operation.loc
    if location is None:
        return None
    flags = tuple(
        sorted((n, v) for n, v in variables.coerced.items() if v is None or isinstance(v, bool))
    )
    return (location.source.body, location.start, flags)
