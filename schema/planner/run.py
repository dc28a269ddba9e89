"""One planned run, breadth-first by rounds of I/O.

A round expands everything reachable without waiting: attribute and synchronous fields
complete at once (depth-first, so a product's variants join the same round as the product),
batch fields add their parent's key to their loader's group, asynchronous resolvers are
kept aside. Then the round waits once: one call per loader group (the connector's batch
method, via `ContextLoader.fetch_many`) and the kept coroutines, together. Their values
complete into the response and start the next round. Values are written straight into
the response dicts, created with their keys in selection order.

Errors follow graphql-core exactly: located at the field's path, a null in a non-null
position propagates to the nearest nullable one, where the error is recorded, and errors
below a position already nulled are dropped (`CollectedErrors`)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
)
from graphql.error import located_error
from graphql.execution.executor import invalid_return_type_error
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, is_iterable
from strawberry.types.arguments import convert_arguments

from schema.analysis.executor import ResponseTooLarge
from schema.batching import ContextLoader
from schema.planner.batch import SKIP, Then
from schema.planner.fields import Kind
from schema.planner.plan import FieldPlan, ObjectPlan, OperationPlan

_ROOT_KEY = "data"


@dataclass(slots=True)
class Position:
    """Where a value sits: `container[key]`. `parent` is the position of the object holding
    the field (or the list holding the item), None at the root."""

    container: Any
    key: str | int
    nullable: bool
    parent: Position | None
    path: Path | None


@dataclass(slots=True)
class PlannedInfo:
    """What our resolvers read from `info`: the request context and the field's path."""

    context: Any
    path: Path
    field_name: str


@dataclass(slots=True)
class Parent:
    plan: FieldPlan
    source: Any
    obj: dict[str, Any]
    position: Position | None  # the object's own position
    path: Path | None  # the object's path

    def field_path(self) -> Path:
        return Path(self.path, self.plan.key, self.plan.parent_type.name)


# A field waiting on a group: its parent, its key (keys when many), and what turns the
# loaded value into the field's value (or into a further Then).
Waiting = tuple[Parent, Any, bool, Callable[[Any], Any]]


@dataclass(slots=True)
class Group:
    loader: ContextLoader[Any, Any]
    keys: dict[Hashable, None] = field(default_factory=dict)
    waiting: list[Waiting] = field(default_factory=list)


class Run:
    def __init__(self, executor: Any, plan: OperationPlan, strawberry_schema: Any) -> None:
        self.ex = executor
        self.plan = plan
        self.context = executor.context_value
        self.errors = executor.collected_errors
        self.tally = executor.tally
        self.scalars = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config
        self.groups: dict[int, Group] = {}
        self.kept: list[tuple[Parent, Any]] = []
        self.arguments: dict[int, dict[str, Any] | Exception] = {}
        self.data: dict[str, Any] | None = {}
        self.holder: dict[str, Any] = {}
        self.objects = 0  # built so far: the response's actual cost when nothing failed

    async def execute(self) -> Any:
        root = self.plan.root
        data = self.data
        assert data is not None
        position = Position(self.holder, _ROOT_KEY, False, None, None)
        self.holder[_ROOT_KEY] = data
        if self.plan.serial:
            for field_plan in root.fields:
                data[field_plan.key] = None
                self._field(field_plan, self.ex.root_value, data, position, None)
                await self._drain()
        else:
            self._expand(root, self.ex.root_value, data, position, None)
            await self._drain()
        if not self.errors.errors and hasattr(self.context, "response_objects"):
            self.context.response_objects = self.objects  # spares the guard a walk
        return self.ex.build_response(self.holder[_ROOT_KEY])

    # --- rounds ---------------------------------------------------------------------

    async def _drain(self) -> None:
        """Runs the waits of the round; as each settles (with whatever settled in the same
        tick), its values complete and the waits they need start at once: a slow back
        end holds up only the fields below it, never an independent branch."""
        running: dict[asyncio.Future[Any], Any] = {}
        self._launch(running)
        while running:
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in [t for t in running if t in done]:  # in launch order
                waited = running.pop(task)
                if isinstance(waited, Group):
                    self._complete_group(waited, task.result())
                else:
                    self._complete_field(waited, task.result())
            self._launch(running)

    def _launch(self, running: dict[asyncio.Future[Any], Any]) -> None:
        groups, kept = self.groups, self.kept
        self.groups, self.kept = {}, []
        for group in groups.values():
            running[asyncio.ensure_future(self._fetch(group))] = group
        for parent, awaitable in kept:
            running[asyncio.ensure_future(_settle(awaitable))] = parent

    async def _fetch(self, group: Group) -> dict[Hashable, Any] | Exception:
        try:
            return await group.loader.fetch_many(self.context.commerce, list(group.keys))
        except Exception as error:  # every field waiting on the batch fails with it
            return error

    def _complete_group(self, group: Group, found: dict[Hashable, Any] | Exception) -> None:
        for parent, key, many, finish in group.waiting:
            if isinstance(found, Exception):
                self._fail(parent, found)
                continue
            try:
                value = finish([found[k] for k in key] if many else found[key])
            except Exception as error:
                self._fail(parent, error)
                continue
            self._settle_value(parent, value)

    def _settle_value(self, parent: Parent, value: Any) -> None:
        if isinstance(value, Then):
            loader = value.loader(self.context.loaders)
            self._wait_for(loader, value.key, False, (parent, value.key, False, value.then))
        else:
            self._complete_field(parent, value)

    # --- expansion ------------------------------------------------------------------

    def _expand(
        self,
        plan: ObjectPlan,
        source: Any,
        obj: dict[str, Any],
        position: Position | None,
        path: Path | None,
    ) -> None:
        for field_plan in plan.fields:
            obj[field_plan.key] = None
        complete_leaf = self.ex.complete_leaf_value
        for field_plan in plan.fields:
            resolution = field_plan.resolution
            leaf = field_plan.leaf
            if resolution.kind is Kind.ATTRIBUTE and leaf is not None:
                # The most common field: an attribute holding a scalar. No Parent, no path
                # unless it fails.
                try:
                    value = getattr(source, resolution.attribute)
                    if value is not None:
                        obj[field_plan.key] = complete_leaf(leaf, value)
                        continue
                    if field_plan.nullable:
                        continue
                except Exception:  # completed again below, which records the error
                    pass
            self._field(field_plan, source, obj, position, path)

    def _field(
        self,
        field_plan: FieldPlan,
        source: Any,
        obj: dict[str, Any],
        position: Position | None,
        path: Path | None,
    ) -> None:
        resolution = field_plan.resolution
        kind = resolution.kind
        if kind is Kind.TYPENAME:
            obj[field_plan.key] = field_plan.parent_type.name
            return
        parent = Parent(field_plan, source, obj, position, path)
        try:
            if kind is Kind.ATTRIBUTE:
                value = getattr(source, resolution.attribute)
            elif kind is Kind.BATCH:
                self._join_group(parent)
                return
            else:
                value = self._call(parent)
                if resolution.is_async:
                    self.kept.append((parent, value))
                    return
        except Exception as error:
            self._fail(parent, error)
            return
        self._complete_field(parent, value)

    def _join_group(self, parent: Parent) -> None:
        batch = parent.plan.resolution.batch
        assert batch is not None
        given = self._arguments(parent.plan) if parent.plan.has_arguments else {}
        arguments = batch.arguments(given)
        if batch.check is not None:
            batch.check(parent.source, **arguments)
        info = functools.partial(self._info, parent)
        finish = functools.partial(batch.finish, parent.source, info=info, arguments=arguments)
        key = batch.key(parent.source)
        if key is SKIP:
            self._settle_value(parent, finish(None))
            return
        if batch.many:
            key = tuple(key)
        loader = batch.loader(self.context.loaders)
        self._wait_for(loader, key, batch.many, (parent, key, batch.many, finish))

    def _wait_for(
        self, loader: ContextLoader[Any, Any], key: Any, many: bool, entry: Waiting
    ) -> None:
        group = self.groups.get(id(loader))
        if group is None:
            group = self.groups[id(loader)] = Group(loader)
        if many:
            group.keys.update(dict.fromkeys(key))
        else:
            group.keys[key] = None
        group.waiting.append(entry)

    def _call(self, parent: Parent) -> Any:
        resolution = parent.plan.resolution
        assert resolution.function is not None
        kwargs = dict(self._arguments(parent.plan)) if parent.plan.has_arguments else {}
        for name in resolution.source_names:
            kwargs[name] = parent.source
        if resolution.info_name is not None:
            kwargs[resolution.info_name] = self._info(parent)
        if resolution.wants_self:
            return resolution.function(parent.source, **kwargs)
        return resolution.function(**kwargs)

    def _arguments(self, field_plan: FieldPlan) -> dict[str, Any]:
        """The field's arguments, the same for every parent within a run (the variables
        are fixed): coerced and converted once, an error raised again at each parent."""
        found = self.arguments.get(id(field_plan))
        if found is None:
            try:
                raw = get_argument_values(
                    field_plan.definition,
                    field_plan.nodes[0],
                    self.ex.variable_values,
                    None,
                    self.ex.hide_suggestions,
                )
                found = convert_arguments(
                    raw, list(field_plan.resolution.arguments), self.scalars, self.config
                )
            except Exception as error:
                found = error
            self.arguments[id(field_plan)] = found
        if isinstance(found, Exception):
            raise found
        return found

    def _info(self, parent: Parent) -> PlannedInfo:
        return PlannedInfo(self.context, parent.field_path(), parent.plan.name)

    # --- completion -----------------------------------------------------------------

    def _complete_field(self, parent: Parent, value: Any) -> None:
        field_plan = parent.plan
        return_type = field_plan.return_type
        try:
            if isinstance(value, Exception):
                raise value
            if value is None and field_plan.nullable:
                return  # the placeholder is already None
            if field_plan.leaf is not None and value is not None:  # without building a path
                parent.obj[field_plan.key] = self.ex.complete_leaf_value(field_plan.leaf, value)
                return
            field_position = Position(
                parent.obj,
                field_plan.key,
                field_plan.nullable,
                parent.position,
                parent.field_path(),
            )
            self._complete(field_plan, return_type, value, field_position)
        except Exception as error:
            self._fail(parent, error)

    def _complete(
        self, field_plan: FieldPlan, return_type: GraphQLOutputType, value: Any, at: Position
    ) -> None:
        """Writes the completed `value` at `at`; raises what graphql-core would raise."""
        if isinstance(value, Exception):
            raise value
        if isinstance(return_type, GraphQLNonNull):
            if value is None:
                raise TypeError(
                    "Cannot return null for non-nullable field"
                    f" {field_plan.parent_type.name}.{field_plan.name}."
                )
            return_type = return_type.of_type
        if value is None:
            at.container[at.key] = None
        elif isinstance(return_type, GraphQLList):
            self._complete_list(field_plan, return_type, value, at)
        elif is_leaf_type(return_type):
            at.container[at.key] = self.ex.complete_leaf_value(return_type, value)
        else:
            self._complete_object(field_plan, return_type, value, at)

    def _complete_list(
        self, field_plan: FieldPlan, list_type: GraphQLList[Any], value: Any, at: Position
    ) -> None:
        if not is_iterable(value):
            raise GraphQLError(
                "Expected Iterable, but did not find one for field"
                f" '{field_plan.parent_type.name}.{field_plan.name}'."
            )
        items = list(value)
        item_type = list_type.of_type
        if not is_leaf_type(get_named_type(item_type)) and self._too_many(len(items)):
            at.container[at.key] = []
            return
        out: list[Any] = [None] * len(items)
        at.container[at.key] = out
        nullable = not is_non_null_type(item_type)
        for index, item in enumerate(items):
            item_at = Position(out, index, nullable, at, Path(at.path, index, None))
            try:
                self._complete(field_plan, item_type, item, item_at)
            except Exception as error:
                self._fail_at(field_plan, item_at, error)

    def _too_many(self, count: int) -> bool:
        """The response-size cap of schema/analysis/executor.py, counted the same way."""
        tally = self.tally
        tally.objects += count
        if tally.objects <= self.ex.max_objects:
            return False
        if tally.exceeded:
            return True
        tally.exceeded = True
        raise ResponseTooLarge(self.ex.max_objects)

    def _complete_object(
        self, field_plan: FieldPlan, return_type: Any, value: Any, at: Position
    ) -> None:
        if is_abstract_type(return_type):
            return_type = self._runtime_type(field_plan, return_type, value, at)
        elif return_type.is_type_of and not return_type.is_type_of(value, None):
            raise invalid_return_type_error(return_type, value, field_plan.details)
        obj: dict[str, Any] = {}
        at.container[at.key] = obj
        self.objects += 1
        self._expand(field_plan.children[return_type.name], value, obj, at, at.path)

    def _runtime_type(
        self, field_plan: FieldPlan, abstract: Any, value: Any, at: Position
    ) -> GraphQLObjectType:
        assert at.path is not None
        info = self.ex.build_resolve_info(
            field_plan.definition, field_plan.nodes, field_plan.parent_type, at.path
        )
        resolve_type = abstract.resolve_type or self.ex.type_resolver
        name = resolve_type(value, info, abstract)
        runtime: GraphQLObjectType = self.ex.ensure_valid_runtime_type(
            name, abstract, field_plan.details, info, value
        )
        return runtime

    # --- errors ---------------------------------------------------------------------

    def _fail(self, parent: Parent, error: Exception) -> None:
        field_plan = parent.plan
        at = Position(
            parent.obj, field_plan.key, field_plan.nullable, parent.position, parent.field_path()
        )
        self._fail_at(field_plan, at, error)

    def _fail_at(self, field_plan: FieldPlan, at: Position, error: Exception) -> None:
        located = located_error(error, field_plan.nodes, at.path.as_list() if at.path else None)
        landing: Position | None = at
        while landing is not None and not landing.nullable:
            landing = landing.parent
        if landing is None:  # nothing nullable up to the root: no data at all
            self.holder[_ROOT_KEY] = None
            self.errors.add(located, None)
            return
        landing.container[landing.key] = None
        self.errors.add(located, landing.path)


async def _settle(awaitable: Any) -> Any:
    try:
        return await awaitable
    except Exception as error:
        return error
