"""Fields served by loaders keyed by their parent: declared once, run two ways.

`@batched(loader, key, then)` writes the resolver's body: the standard executor awaits
`loader.load(key(parent))` per field as before, while the planner sees the declaration,
gathers the keys of every parent at a level and calls the loader's batch method once,
with no coroutine, task or future per field. The decorated function's own body is never
run: it is there for its signature (strawberry reads `self`, `info`, the arguments and the
return type) and its docstring.

`then(parent, loaded, **arguments)` (with `info` first after `loaded` when `with_info`)
makes the field's value, or returns `Then(loader, key, then)` when the value needs one more
load keyed by what was loaded (loyalty points need the price first): the planner batches
that second load too. `check(parent, **arguments)` refuses bad arguments before any load;
a `key` of SKIP means nothing to load (`then` gets None)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from connectors import explain
from schema.batching import ContextLoader
from schema.loaders import Loaders

F = TypeVar("F", bound=Callable[..., Any])
BATCH_ATTRIBUTE = "__omnicanal_batch__"
SKIP: Any = object()

PickLoader = Callable[[Loaders], ContextLoader[Any, Any]]


@dataclass(frozen=True, slots=True)
class Then:
    """One more load before the field's value: `then(loaded)` is it (or another Then)."""

    loader: PickLoader
    key: Hashable
    then: Callable[[Any], Any]


@dataclass(frozen=True, slots=True, eq=False)  # one per declaration: hashed by identity
class BatchField:
    loader: PickLoader
    # The parent object's key, or its keys when `many` (the loaded value is then a list).
    key: Callable[[Any], Any]
    then: Callable[..., Any]
    many: bool = False
    with_info: bool = False
    check: Callable[..., None] | None = None
    # The declared resolver's own defaults: a client omits an argument, both paths see it.
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def arguments(self, given: Mapping[str, Any]) -> dict[str, Any]:
        return {**self.defaults, **given}

    def finish(
        self, parent: Any, loaded: Any, info: Callable[[], Any], arguments: dict[str, Any]
    ) -> Any:
        if self.with_info:
            return self.then(parent, loaded, info(), **arguments)
        return self.then(parent, loaded, **arguments)


def batched(
    loader: PickLoader,
    key: Callable[[Any], Any],
    then: Callable[..., Any],
    *,
    many: bool = False,
    with_info: bool = False,
    check: Callable[..., None] | None = None,
) -> Callable[[F], F]:
    def decorate(declared: F) -> F:
        spec = BatchField(loader, key, then, many, with_info, check, _defaults(declared))

        @functools.wraps(declared)
        async def resolve(self: Any, info: Any, **given: Any) -> Any:
            arguments = spec.arguments(given)
            if spec.check is not None:
                spec.check(self, **arguments)
            c = info.context
            key = spec.key(self)
            _explain(spec, c, info)
            loaded: Any = None
            if key is SKIP:
                pass
            elif spec.many:
                loaded = await spec.loader(c.loaders).load_many(c.commerce, list(key))
            else:
                loaded = await spec.loader(c.loaders).load(c.commerce, key)
            value = spec.finish(self, loaded, lambda: info, arguments)
            while isinstance(value, Then):
                value = value.then(await value.loader(c.loaders).load(c.commerce, value.key))
            return value

        setattr(resolve, BATCH_ATTRIBUTE, spec)
        return resolve  # type: ignore[return-value]

    return decorate


def _explain(spec: BatchField, context: Any, info: Any) -> None:
    explained = explain.current()
    if explained is not None:
        loader = spec.loader(context.loaders)
        explained.served(loader.name, f"{info.path.typename}.{info.field_name}")


def _defaults(declared: Callable[..., Any]) -> dict[str, Any]:
    parameters = inspect.signature(declared).parameters.values()
    return {
        p.name: p.default
        for p in parameters
        if p.default is not inspect.Parameter.empty and p.name not in ("self", "info")
    }


def batch_field_of(function: object) -> BatchField | None:
    spec = getattr(function, BATCH_ATTRIBUTE, None)
    return spec if isinstance(spec, BatchField) else None
