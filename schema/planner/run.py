"""One planned run, breadth-first by rounds of I/O.

A round expands everything reachable without waiting: attribute and synchronous fields
complete at once (depth-first, so a product's variants join the same round as the product),
batch fields add their parent's key to their loader's group, asynchronous resolvers are
kept aside. Then the round's waits start together: one call per loader group (the
connector's batch method, via `ContextLoader.fetch_many`) and the kept coroutines. As each
settles, its values complete into the response and the waits they need start at once.
Values are written straight into the response dicts, created with their keys in selection
order; completion takes the field's precomputed Shape, so the common cases (a scalar, an
object, a list of objects) make no type tests and build no path.

Errors follow graphql-core exactly: located at the field's path, a null in a non-null
position propagates to the nearest nullable one, where the error is recorded, and errors
below a position already nulled are dropped (`CollectedErrors`). Paths are built only for
errors and for resolvers that read `info.path`."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Coroutine, Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
    is_leaf_type,
)
from graphql.error import located_error
from graphql.execution.executor import Executor, invalid_return_type_error
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, is_iterable
from strawberry.types.arguments import convert_arguments

from connectors import explain
from schema.analysis.executor import ResponseTooLarge
from schema.batching import ContextLoader
from schema.planner.batch import SKIP, BatchField, Then
from schema.planner.fields import Kind
from schema.planner.frozen import frozen_fields
from schema.planner.natives import passes_as_is
from schema.planner.plan import FieldPlan, ObjectPlan, OperationPlan, Shape

_ROOT_KEY = "data"
_NO_PATH: Any = object()


class Position:
    """Where a value sits: `container[key]`. `parent` is the position of the object holding
    the field (or of the list holding the item), None at the root. The graphql-core Path
    of a position is built on demand: only errors and `info.path` need one."""

    __slots__ = ("_path", "container", "key", "nullable", "parent", "typename")

    def __init__(
        self,
        container: Any,
        key: str | int,
        nullable: bool,
        parent: Position | None,
        typename: str | None = None,
    ) -> None:
        self.container = container
        self.key = key
        self.nullable = nullable
        self.parent = parent
        self.typename = typename
        self._path: Any = _NO_PATH

    @property
    def path(self) -> Path | None:
        path = self._path
        if path is _NO_PATH:
            parent = self.parent
            path = None if parent is None else Path(parent.path, self.key, self.typename)
            self._path = path
        return path  # type: ignore[no-any-return]


class PlannedInfo:
    """What our resolvers read from `info`: the request context, the field's name and its
    path, built only if read (most resolvers taking `info` want the context alone)."""

    __slots__ = ("_position", "context", "field_name")

    def __init__(self, context: Any, position: Position, field_name: str) -> None:
        self.context = context
        self._position = position
        self.field_name = field_name

    @property
    def path(self) -> Path:
        path = self._position.path
        assert path is not None  # a field's position is never the root's
        return path


class Parent(Position):
    """A field to complete (now, or once its batch is loaded): its plan and its parent's
    value. It is also the Position of the field's value, `obj[plan.key]`, so completing
    the field makes no further object for it."""

    __slots__ = ("plan", "source")

    def __init__(self, plan: FieldPlan, source: Any, obj: dict[str, Any], at: Position) -> None:
        self.container = obj
        self.key = plan.key
        self.nullable = plan.nullable
        self.parent = at  # the position of the object holding the field
        self.typename = plan.parent_type.name
        self._path = _NO_PATH
        self.plan = plan
        self.source = source


# A field waiting on a group: its parent, its key (keys when many), and what turns the
# loaded value into the field's value (or into a further Then): None for the field's own
# `then`, a Then's for a chained load.
Waiting = tuple[Parent, Any, bool, Callable[[Any], Any] | None]


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
        self.max_objects: int = executor.max_objects
        self.scalars = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config
        # The round's groups, one per loader, and the group of each batch declaration met
        # in the round (two fields may share a loader: a price and a compare-at price).
        self.groups: dict[ContextLoader[Any, Any], Group] = {}
        self.batch_groups: dict[BatchField, Group] = {}
        self.kept: list[tuple[Parent, Any]] = []
        self.arguments: dict[int, dict[str, Any] | Exception] = {}
        self.merged: dict[int, dict[str, Any]] = {}
        # The request's loader of each batch declaration met (BatchField hashes by identity).
        self.loaders: dict[BatchField, ContextLoader[Any, Any]] = {}
        self.holder: dict[str, Any] = {}
        self.objects = 0  # built so far: the response's actual cost when nothing failed
        self.explained = explain.current()
        # A failure reaching the root while a batch of settled waits completes, applied
        # when the batch is done (see _fail_at).
        self.settling = False
        self.root_failure: GraphQLError | None = None

    async def execute(self) -> Any:
        self.plan.note_run()
        root = self.plan.root
        data = dict.fromkeys(root.keys)
        self.holder[_ROOT_KEY] = data
        position = Position(self.holder, _ROOT_KEY, False, None)
        if self.plan.serial:
            for field_plan in root.fields:
                self._field(field_plan, self.ex.root_value, data, position)
                await self._drain()
        else:
            self._expand(root, self.ex.root_value, data, position)
            await self._drain()
        if not self.errors.errors and hasattr(self.context, "response_objects"):
            self.context.response_objects = self.objects  # spares the guard a walk
        return self.ex.build_response(self.holder[_ROOT_KEY])

    # --- rounds ---------------------------------------------------------------------

    async def _drain(self) -> None:
        """Runs the waits of the round; as each settles (with whatever settled in the same
        tick), its values complete and the waits they need start at once: a slow back
        end holds up only the fields below it, never an independent branch. A wait with
        nothing beside it (a listing's search) is awaited as it is, without a task."""
        running: dict[asyncio.Future[Any], Any] = {}
        # In the order they finished, as graphql-core meets them: which error is recorded
        # first decides which survive when one nulls the whole response.
        finished: list[asyncio.Future[Any]] = []
        # The future the round sleeps on until a task finishes: one per sleep, where
        # asyncio.wait would add and remove a callback on every running task each time.
        waking: list[asyncio.Future[None]] = []

        def on_done(task: asyncio.Future[Any]) -> None:
            finished.append(task)
            if waking and not waking[0].done():
                waking[0].set_result(None)

        loop = asyncio.get_running_loop()
        try:
            while True:
                waits = self._take_waits()
                if not running and len(waits) == 1:
                    waited, awaitable = waits[0]
                    self._settle_all([(waited, await awaitable)])
                    continue
                for waited, awaitable in waits:
                    started = loop.create_task(awaitable)
                    running[started] = waited
                    started.add_done_callback(on_done)
                if not running:
                    return
                if not finished:
                    waking[:] = [loop.create_future()]
                    await waking[0]
                    waking.clear()
                settled, finished[:] = finished[:], []
                self._settle_all([(running.pop(task), task.result()) for task in settled])
        finally:
            # Cancelled (the execution timeout, a client gone): nothing keeps calling back
            # ends for an answer no one will read.
            for task in running:
                task.cancel()

    def _take_waits(self) -> list[tuple[Any, Coroutine[Any, Any, Any]]]:
        """The round's waits, each with what it feeds: one call per loader group, and the
        kept asynchronous resolvers (their failures returned, not raised)."""
        groups, kept = self.groups, self.kept
        self.groups, self.kept, self.batch_groups = {}, [], {}
        waits: list[tuple[Any, Coroutine[Any, Any, Any]]] = [
            (g, self._fetch(g)) for g in groups.values()
        ]
        waits += [(parent, _settle(awaitable)) for parent, awaitable in kept]
        return waits

    def _settle_all(self, settled: list[tuple[Any, Any]]) -> None:
        self.root_failure = None
        self.settling = True
        for waited, result in settled:
            if isinstance(waited, Group):
                self._complete_group(waited, result)
            else:
                self._complete_field(waited, result)
        self.settling = False
        self._null_the_root_if_failed()

    async def _fetch(self, group: Group) -> Mapping[Hashable, Any] | Exception:
        try:
            return await group.loader.fetch_many(self.context.commerce, group.keys)
        except Exception as error:  # every field waiting on the batch fails with it
            return error

    def _complete_group(self, group: Group, found: Mapping[Hashable, Any] | Exception) -> None:
        if isinstance(found, Exception):
            for parent, *_ in group.waiting:
                self._fail(parent, found)
            return
        for parent, key, many, then in group.waiting:
            try:
                loaded = [found[k] for k in key] if many else found[key]
                if then is not None:
                    value = then(loaded)
                else:  # _finish, inline for the usual batch field: no info, fixed arguments
                    plan = parent.plan
                    batch = plan.resolution.batch
                    arguments = plan.batch_arguments
                    if arguments is None or batch.with_info:  # type: ignore[union-attr]
                        value = self._finish(parent, loaded)
                    else:
                        value = batch.then(parent.source, loaded, **arguments)  # type: ignore[union-attr]
            except Exception as error:
                self._fail(parent, error)
                continue
            if isinstance(value, Then):
                self._settle_value(parent, value)
            else:
                self._complete_field(parent, value)

    def _settle_value(self, parent: Parent, value: Any) -> None:
        if isinstance(value, Then):
            loader = value.loader(self.context.loaders)
            self._wait_for(loader, value.key, False, (parent, value.key, False, value.then))
        else:
            self._complete_field(parent, value)

    # --- expansion ------------------------------------------------------------------

    def _expand(self, plan: ObjectPlan, source: Any, obj: dict[str, Any], at: Position) -> None:
        """Every field of one object; `obj` already holds the keys, in order. The plan's
        generated function does it (schema/planner/compiled.py); this loop is the same
        work for a plan too large to have one."""
        expand = plan.expand
        if expand is not None:
            expand(self, source, obj, at)
            return
        for field_plan in plan.fields:
            getter = field_plan.scalar_getter
            if getter is None:
                self._field(field_plan, source, obj, at)
                continue
            try:
                value = getter(source)
            except Exception:  # completed again by _field, which records the error
                self._field(field_plan, source, obj, at)
                continue
            self._scalar(field_plan, value, source, obj, at)

    def _scalar(
        self, field_plan: FieldPlan, value: Any, source: Any, obj: dict[str, Any], at: Position
    ) -> None:
        """A scalar read from the parent (the most common field): written as it is when it
        is its own serialization, else serialized. A null where none may be, or a value
        that does not serialize, is completed again by `_field`, which records the error."""
        try:
            if value is None:
                if field_plan.nullable:
                    return
            else:
                kind = type(value)  # a str, the usual case, is tested inline
                if kind is field_plan.native and (kind is str or passes_as_is(kind, value)):
                    obj[field_plan.key] = value
                    return
                coerced = field_plan.leaf.coerce_output_value(value)  # type: ignore[union-attr]
                if coerced is not None and coerced is not Undefined:
                    obj[field_plan.key] = coerced
                    return
        except Exception:
            pass
        self._field(field_plan, source, obj, at)

    def _field(self, field_plan: FieldPlan, source: Any, obj: dict[str, Any], at: Position) -> None:
        resolution = field_plan.resolution
        kind = resolution.kind
        if kind is Kind.TYPENAME:
            obj[field_plan.key] = field_plan.parent_type.name
            return
        if kind is Kind.BATCH:
            self._join(field_plan, source, obj, at)
            return
        parent = Parent(field_plan, source, obj, at)
        try:
            if kind is Kind.ATTRIBUTE:
                value = getattr(source, resolution.attribute)
            else:
                value = self._call(parent)
                if resolution.is_async:
                    self.kept.append((parent, value))
                    return
        except Exception as error:
            self._fail(parent, error)
            return
        self._complete_field(parent, value)

    def _join(self, field_plan: FieldPlan, source: Any, obj: dict[str, Any], at: Position) -> None:
        """A batch field: its parent's key joins the loader's group of the round (a key of
        SKIP completes it from nothing at once); a refusal of its arguments fails it."""
        parent = Parent(field_plan, source, obj, at)
        try:
            batch = field_plan.resolution.batch
            assert batch is not None
            if batch.check is not None:
                batch.check(source, **self._batch_arguments(field_plan))
            key = batch.key(source)
            if self.explained is not None:  # as the standard path's batched resolver notes it
                loader_name = batch.loader(self.context.loaders).name
                where = f"{field_plan.parent_type.name}.{field_plan.name}"
                self.explained.served(loader_name, where)
            if key is SKIP:
                self._settle_value(parent, self._finish(parent, None))
                return
            group = self.batch_groups.get(batch)
            if group is None:
                group = self.batch_groups[batch] = self._group(self._loader(batch))
            if batch.many:
                key = tuple(key)
                group.keys.update(dict.fromkeys(key))
            else:
                group.keys[key] = None
            group.waiting.append((parent, key, batch.many, None))
        except Exception as error:
            self._fail(parent, error)

    def _finish(self, parent: Parent, loaded: Any) -> Any:
        """The batch field's value from what its first load brought."""
        plan = parent.plan
        batch = plan.resolution.batch
        assert batch is not None
        # Read from the plan here, the hot path, without the call.
        arguments = plan.batch_arguments
        if arguments is None:
            arguments = self._batch_arguments(plan)
        if batch.with_info:
            return batch.then(parent.source, loaded, self._info(parent), **arguments)
        return batch.then(parent.source, loaded, **arguments)

    def _batch_arguments(self, field_plan: FieldPlan) -> dict[str, Any]:
        """The arguments with the declared defaults, once per field plan and run; kept on
        the plan when they are fixed by the document (see `_arguments`)."""
        if field_plan.batch_arguments is not None:
            return field_plan.batch_arguments
        merged = self.merged.get(id(field_plan))
        if merged is None:
            batch = field_plan.resolution.batch
            assert batch is not None
            given = self._arguments(field_plan) if field_plan.has_arguments else {}
            merged = self.merged[id(field_plan)] = batch.arguments(given)
            fixed = not field_plan.has_arguments or field_plan.constant_arguments is not None
            if fixed and all(map(_immutable, merged.values())):
                field_plan.batch_arguments = merged
        return merged

    def _loader(self, batch: BatchField) -> ContextLoader[Any, Any]:
        """The request's loader of a batch declaration, picked once per run."""
        loader = self.loaders.get(batch)
        if loader is None:
            loader = self.loaders[batch] = batch.loader(self.context.loaders)
        return loader

    def _group(self, loader: ContextLoader[Any, Any]) -> Group:
        group = self.groups.get(loader)
        if group is None:
            group = self.groups[loader] = Group(loader)
        return group

    def _wait_for(
        self, loader: ContextLoader[Any, Any], key: Any, many: bool, entry: Waiting
    ) -> None:
        group = self._group(loader)
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
        are fixed): coerced and converted once, an error raised again at each parent.
        Literal arguments of immutable values are kept on the plan for every later run."""
        constant = field_plan.constant_arguments
        if constant is not None:
            return constant
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
            else:
                if field_plan.literal_arguments and all(map(_immutable, found.values())):
                    field_plan.constant_arguments = found
            self.arguments[id(field_plan)] = found
        if isinstance(found, Exception):
            raise found
        return found

    def _info(self, parent: Parent) -> PlannedInfo:
        return PlannedInfo(self.context, parent, parent.plan.name)

    # --- completion -----------------------------------------------------------------

    def _complete_field(self, parent: Parent, value: Any) -> None:
        field_plan = parent.plan
        try:
            shape = field_plan.shape
            child = field_plan.child
            if child is not None and shape is Shape.OBJECT and type(value) is child.origin:
                # The usual object: of its plan's own class, so neither null nor an error.
                self._build(child, value, parent)
                return
            if isinstance(value, Exception):
                raise value
            if value is None:
                if not field_plan.nullable:
                    raise _null_error(field_plan)
                return  # the placeholder is already None
            if shape is Shape.LEAF:
                kind = type(value)
                if kind is not field_plan.native or not passes_as_is(kind, value):
                    value = _leaf_value(field_plan.leaf, value)
                parent.container[field_plan.key] = value
            elif shape is Shape.OBJECT:
                self._object(field_plan.child, field_plan, value, parent)  # type: ignore[arg-type]
            elif shape is Shape.OBJECT_LIST:
                self._object_list(field_plan, value, parent)
            elif shape is Shape.LEAF_LIST and (fast := self._leaf_list(field_plan, value)):
                parent.container[field_plan.key] = fast[0]
            else:
                self._complete(field_plan, field_plan.return_type, value, parent)
        except Exception as error:
            self._fail(parent, error)

    def _object(self, plan: ObjectPlan, field_plan: FieldPlan, value: Any, at: Position) -> None:
        # Exactly the type's class: of the type (we never strawberry.cast a value).
        if type(value) is not plan.origin:
            _check_type(plan, field_plan, value)
        self._build(plan, value, at)

    def _build(self, plan: ObjectPlan, value: Any, at: Position) -> None:
        """The response object of `value`, a value of the plan's type, at `at`."""
        obj = dict.fromkeys(plan.keys)
        at.container[at.key] = obj
        self.objects += 1
        expand = plan.expand
        if expand is None:
            self._expand(plan, value, obj, at)
        else:
            expand(self, value, obj, at)

    def _object_list(self, field_plan: FieldPlan, value: Any, at: Position) -> None:
        items = self._items(field_plan, value)
        if self._too_many(len(items)):
            at.container[at.key] = []
            return
        out: list[Any] = [None] * len(items)
        at.container[at.key] = out
        nullable, plan = field_plan.item_nullable, field_plan.child
        assert plan is not None
        # _object for each item, with what is the same for every item read once.
        origin, keys, expand, built = plan.origin, plan.keys, plan.expand, 0
        for index, item in enumerate(items):
            item_at = Position(out, index, nullable, at)
            try:
                if item is None:
                    if not nullable:
                        raise _null_error(field_plan)
                    continue
                if type(item) is not origin:
                    _check_type(plan, field_plan, item)
                obj = out[index] = dict.fromkeys(keys)
                built += 1
                if expand is None:
                    self._expand(plan, item, obj, item_at)
                else:
                    expand(self, item, obj, item_at)
            except Exception as error:
                self._fail_at(field_plan, item_at, error)
        self.objects += built

    @staticmethod
    def _leaf_list(field_plan: FieldPlan, value: Any) -> tuple[list[Any]] | None:
        """The completed list of scalars, or None when an item needs the general path
        (a null where none may be, a value that does not coerce): it locates the error
        at the item, as graphql-core does."""
        kind = type(value)
        if kind is not list and kind is not tuple and not is_iterable(value):
            return None
        coerce = field_plan.item_leaf.coerce_output_value  # type: ignore[union-attr]
        native = field_plan.item_native
        out: list[Any] = []
        try:
            for item in value:
                if item is None:
                    if not field_plan.item_nullable:
                        return None
                    out.append(None)
                    continue
                if type(item) is native and passes_as_is(native, item):
                    out.append(item)
                    continue
                coerced = coerce(item)
                if coerced is None or coerced is Undefined:
                    return None
                out.append(coerced)
        except Exception:
            return None
        return (out,)

    @staticmethod
    def _items(field_plan: FieldPlan, value: Any) -> list[Any]:
        kind = type(value)
        if kind is list or kind is tuple:  # what our resolvers return: no ABC checks
            return list(value)
        if not is_iterable(value):
            raise GraphQLError(
                "Expected Iterable, but did not find one for field"
                f" '{field_plan.parent_type.name}.{field_plan.name}'."
            )
        return list(value)

    def _complete(self, field_plan: FieldPlan, return_type: Any, value: Any, at: Position) -> None:
        """The general path (nested lists, lists of abstract types): writes the completed
        `value` at `at`, raises what graphql-core would raise."""
        if isinstance(value, Exception):
            raise value
        if isinstance(return_type, GraphQLNonNull):
            if value is None:
                raise _null_error(field_plan)
            return_type = return_type.of_type
        if value is None:
            at.container[at.key] = None
        elif isinstance(return_type, GraphQLList):
            self._complete_list(field_plan, return_type, value, at)
        elif is_leaf_type(return_type):
            at.container[at.key] = _leaf_value(return_type, value)
        else:
            if not isinstance(return_type, GraphQLObjectType):
                return_type = self._runtime_type(field_plan, return_type, value, at)
            self._object(field_plan.children[return_type.name], field_plan, value, at)

    def _complete_list(
        self, field_plan: FieldPlan, list_type: GraphQLList[Any], value: Any, at: Position
    ) -> None:
        items = self._items(field_plan, value)
        item_type = list_type.of_type
        # Counted at every level of a list of objects, as BoundedExecutionContext does.
        if not is_leaf_type(get_named_type(list_type)) and self._too_many(len(items)):
            at.container[at.key] = []
            return
        out: list[Any] = [None] * len(items)
        at.container[at.key] = out
        nullable = not isinstance(item_type, GraphQLNonNull)
        for index, item in enumerate(items):
            item_at = Position(out, index, nullable, at)
            try:
                self._complete(field_plan, item_type, item, item_at)
            except Exception as error:
                self._fail_at(field_plan, item_at, error)

    def _too_many(self, count: int) -> bool:
        """The response-size cap of schema/analysis/executor.py, counted the same way."""
        tally = self.tally
        tally.objects += count
        if tally.objects <= self.max_objects:
            return False
        if tally.exceeded:
            return True
        tally.exceeded = True
        raise ResponseTooLarge(self.max_objects)

    def _runtime_type(
        self, field_plan: FieldPlan, abstract: Any, value: Any, at: Position
    ) -> GraphQLObjectType:
        path = at.path
        assert path is not None
        info = self.ex.build_resolve_info(
            field_plan.definition, field_plan.nodes, field_plan.parent_type, path
        )
        resolve_type = abstract.resolve_type or self.ex.type_resolver
        name = resolve_type(value, info, abstract)
        runtime: GraphQLObjectType = self.ex.ensure_valid_runtime_type(
            name, abstract, field_plan.details, info, value
        )
        return runtime

    # --- errors ---------------------------------------------------------------------

    def _null_the_root_if_failed(self) -> None:
        if self.root_failure is not None:
            self.holder[_ROOT_KEY] = None
            self.errors.add(self.root_failure, None)
            self.root_failure = None

    def _fail(self, parent: Parent, error: Exception) -> None:
        self._fail_at(parent.plan, parent, error)

    def _fail_at(self, field_plan: FieldPlan, at: Position, error: Exception) -> None:
        path = at.path
        located = located_error(error, field_plan.nodes, path.as_list() if path else None)
        landing: Position | None = at
        while landing is not None and not landing.nullable:
            landing = landing.parent
        if landing is None:  # nothing nullable up to the root: no data at all
            if self.settling:
                # graphql-core nulls the root only once the failure has climbed back up
                # the awaits, after every field that failed in the same tick recorded its
                # error: so do we, at the end of the settled batch.
                self.root_failure = self.root_failure or located
                return
            self.holder[_ROOT_KEY] = None
            self.errors.add(located, None)
            return
        landing.container[landing.key] = None
        self.errors.add(located, landing.path)


_IMMUTABLE_SCALARS = (str, int, float, bool, Decimal, enum.Enum, type(None))


def _immutable(value: Any) -> bool:
    """A converted argument no resolver can change: a scalar, an enum, a frozen input
    (schema/planner/frozen.py), a tuple of them. Lists and other input objects are
    converted afresh for each run."""
    if isinstance(value, tuple):
        return all(map(_immutable, value))
    fields = frozen_fields(value)
    if fields is not None:
        return all(map(_immutable, fields))
    return isinstance(value, _IMMUTABLE_SCALARS)


def _check_type(plan: ObjectPlan, field_plan: FieldPlan, value: Any) -> None:
    """graphql-core's is_type_of test, for a value not exactly of the plan's class."""
    object_type = plan.type
    is_type_of: Any = object_type.is_type_of  # strawberry's ignores its info
    if is_type_of is not None and not is_type_of(value, None):
        raise invalid_return_type_error(object_type, value, field_plan.details)


def _leaf_value(leaf: Any, value: Any) -> Any:
    """graphql-core's complete_leaf_value, its error message included."""
    return Executor.complete_leaf_value(leaf, value)


def _null_error(field_plan: FieldPlan) -> TypeError:
    parent, name = field_plan.parent_type.name, field_plan.name
    return TypeError(f"Cannot return null for non-nullable field {parent}.{name}.")


async def _settle(awaitable: Any) -> Any:
    try:
        return await awaitable
    except Exception as error:
        return error
