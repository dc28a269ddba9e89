"""A leaner runner for strawberry's schema extensions, with the same semantics.

strawberry resolves every extension's four hooks again for every request (`getattr`, three
`inspect` checks and a `contextlib` wrapper per extension per hook: 32 lookups and up to 32
context-manager objects for our nine extensions) and enters them through an ExitStack. On
`{ __typename }` that was a third of the gateway's in-process CPU. Here the hook of each
extension *class* is resolved once, and a hook's generator is driven directly: `next()` on
entry, `next()` or `throw()` on exit, which is what `contextlib.contextmanager` does, with the
ExitStack's rules (exit in reverse order; an exception a hook raises replaces the one it was
given; a hook that swallows it — finishes without re-raising — suppresses it for the hooks
entered before it).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext

GENERATOR, ASYNC_GENERATOR, FUNCTION, COROUTINE = range(4)


@dataclass(frozen=True, slots=True)
class Hook:
    kind: int
    function: Callable[..., Any]


_HOOKS: dict[tuple[type, str], Hook | None] = {}
# Per extension class: whether it reports results (overrides `get_results`).
_REPORTS: dict[type, bool] = {}


def class_hook(cls: type[SchemaExtension], name: str) -> Hook | None:
    """The hook `name` of an extension class (resolved once), or None where it keeps the
    default."""
    try:
        return _HOOKS[cls, name]
    except KeyError:
        hook = _HOOKS[cls, name] = _resolve(cls, name)
        return hook


def _resolve(cls: type[SchemaExtension], name: str) -> Hook | None:
    function = getattr(cls, name)
    if function is getattr(SchemaExtension, name):
        return None
    if inspect.isgeneratorfunction(function):
        return Hook(GENERATOR, function)
    if inspect.isasyncgenfunction(function):
        return Hook(ASYNC_GENERATOR, function)
    if inspect.iscoroutinefunction(function):
        return Hook(COROUTINE, function)
    if callable(function):
        return Hook(FUNCTION, function)
    raise ValueError(f"hook {name} of {cls.__name__} must be callable, got {function!r}")


Entered = Generator[None, None, None] | AsyncGenerator[None, None]


_STAGES: dict[tuple[tuple[type, ...], str], tuple[tuple[int, Hook], ...]] = {}


def stage_hooks(
    classes: tuple[type[SchemaExtension], ...], name: str
) -> tuple[tuple[int, Hook], ...]:
    """The extensions (by index) that hook the stage `name`, with their hooks: resolved once
    per list of extension classes (a schema has one), not per request."""
    try:
        return _STAGES[classes, name]
    except KeyError:
        pairs = [(i, class_hook(cls, name)) for i, cls in enumerate(classes)]
        found = _STAGES[classes, name] = tuple((i, h) for i, h in pairs if h is not None)
        return found


class HookStack:
    """One lifecycle stage (operation, parse, validate, execute) of one request.

    Most hooks are plain generators: they are entered and left inline, without a coroutine
    each way; only asynchronous hooks are awaited. `entered` keeps each hook's generator
    with its kind, so leaving needs no isinstance test against the generator ABCs."""

    __slots__ = ("classes", "entered", "extensions", "name")

    def __init__(
        self,
        extensions: list[SchemaExtension],
        name: str,
        classes: tuple[type[SchemaExtension], ...] | None = None,
    ) -> None:
        self.extensions = extensions
        self.name = name
        self.classes = classes if classes is not None else tuple(map(type, extensions))
        self.entered: list[tuple[int, Entered]] = []

    async def __aenter__(self) -> None:
        extensions, entered = self.extensions, self.entered
        try:
            for index, hook in stage_hooks(self.classes, self.name):
                kind, extension = hook.kind, extensions[index]
                if kind == GENERATOR:
                    generator = hook.function(extension)
                    next(generator)
                    entered.append((GENERATOR, generator))
                elif kind == ASYNC_GENERATOR:
                    agen = hook.function(extension)
                    await agen.__anext__()
                    entered.append((ASYNC_GENERATOR, agen))
                elif kind == COROUTINE:
                    await hook.function(extension)
                else:
                    hook.function(extension)
        except BaseException as exc:
            if not await self.__aexit__(type(exc), exc, exc.__traceback__):
                raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        original, entered = exc, self.entered
        while entered:
            kind, hook = entered.pop()
            if kind == GENERATOR:
                exc = _leave_sync(hook, exc)  # type: ignore[arg-type]
            else:
                exc = await _leave_async(hook, exc)  # type: ignore[arg-type]
        return _outcome(original, exc)

    def __enter__(self) -> None:
        # The synchronous path (strawberry's execute_sync): generator and plain hooks only.
        try:
            for index, hook in stage_hooks(self.classes, self.name):
                extension = self.extensions[index]
                if hook.kind == GENERATOR:
                    generator = hook.function(extension)
                    next(generator)
                    self.entered.append((GENERATOR, generator))
                elif hook.kind == FUNCTION:
                    hook.function(extension)
                else:
                    raise RuntimeError(f"hook {self.name} of {extension} is asynchronous")
        except BaseException as exc:
            if not self.__exit__(type(exc), exc, exc.__traceback__):
                raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        original = exc
        while self.entered:
            _, entered = self.entered.pop()
            assert isinstance(entered, Generator)
            exc = _leave_sync(entered, exc)
        return _outcome(original, exc)


def _outcome(original: BaseException | None, exc: BaseException | None) -> bool:
    """ExitStack's answer: True when a hook swallowed the exception; raises a new one."""
    if exc is None:
        return original is not None
    if exc is original:
        return False  # the caller re-raises it
    raise exc


def _leave_sync(
    entered: Generator[None, None, None], exc: BaseException | None
) -> BaseException | None:
    """Finish one hook; the exception still travelling after it (None: none, or swallowed)."""
    try:
        if exc is None:
            next(entered)
        else:
            entered.throw(exc)
    except StopIteration:
        return None
    except BaseException as raised:
        return raised
    raise RuntimeError("a schema extension hook yielded twice")


async def _leave_async(
    entered: AsyncGenerator[None, None], exc: BaseException | None
) -> BaseException | None:
    try:
        if exc is None:
            await entered.__anext__()
        else:
            await entered.athrow(exc)
    except StopAsyncIteration:
        return None  # finished: without an exception, or having swallowed it
    except BaseException as raised:
        return raised
    raise RuntimeError("a schema extension hook yielded twice")


def reports_results(cls: type[SchemaExtension]) -> bool:
    try:
        return _REPORTS[cls]
    except KeyError:
        reports = _REPORTS[cls] = cls.get_results is not SchemaExtension.get_results
        return reports


class LeanExtensionsRunner(SchemaExtensionsRunner):
    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        # strawberry awaits every extension's `get_results`; the default answers {} and
        # most of ours keep it, so only the ones that report are asked.
        data: dict[str, Any] = {}
        for extension in self.extensions:
            if reports_results(type(extension)):
                results = extension.get_results()
                data.update(await results if inspect.isawaitable(results) else results)
        data.update(ctx.extensions_results)
        return data

    def get_extensions_results_sync(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for extension in self.extensions:
            if not reports_results(type(extension)):
                continue
            if inspect.iscoroutinefunction(extension.get_results):
                raise RuntimeError("Cannot use async extension hook during sync execution")
            data.update(extension.get_results())  # type: ignore[arg-type]
        return data

    _classes: tuple[type[SchemaExtension], ...] | None = None

    def _stack(self, name: str) -> HookStack:
        classes = self._classes
        if classes is None:
            classes = self._classes = tuple(map(type, self.extensions))
        return HookStack(self.extensions, name, classes)

    def operation(self) -> Any:
        return self._stack("on_operation")

    def validation(self) -> Any:
        return self._stack("on_validate")

    def parsing(self) -> Any:
        return self._stack("on_parse")

    def executing(self) -> Any:
        return self._stack("on_execute")
