"""The lean extension runner keeps contextlib/ExitStack semantics: order, exceptions,
suppression, and every hook kind strawberry accepts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import strawberry
from strawberry.extensions import SchemaExtension

from schema.build import OmnicanalSchema
from schema.extension_runner import HookStack

LOG: list[str] = []


class Gen(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        LOG.append("gen in")
        yield
        LOG.append("gen out")


class AsyncGen(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        LOG.append("agen in")
        yield
        LOG.append("agen out")


class Plain(SchemaExtension):
    def on_operation(self) -> None:  # type: ignore[override]
        LOG.append("plain")


class Coroutine(SchemaExtension):
    async def on_operation(self) -> None:  # type: ignore[override]
        LOG.append("coroutine")


class Swallows(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except ValueError:
            LOG.append("swallowed")


class Replaces(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except ValueError as exc:
            raise KeyError("replaced") from exc


class FailsOnEntry(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        raise LookupError("refused")
        yield


class Twice(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        yield


class Untouched(SchemaExtension):
    pass


def _stack(*classes: type[SchemaExtension]) -> HookStack:
    LOG.clear()
    return HookStack([cls() for cls in classes], "on_operation")


async def test_hooks_enter_in_order_and_leave_in_reverse() -> None:
    async with _stack(Gen, Untouched, Plain, AsyncGen, Coroutine):
        LOG.append("body")
    assert LOG == ["gen in", "plain", "agen in", "coroutine", "body", "agen out", "gen out"]


async def test_an_exception_passes_through_every_hook_unchanged() -> None:
    with pytest.raises(ValueError, match="boom"):
        async with _stack(Gen, AsyncGen):
            raise ValueError("boom")
    assert LOG == ["gen in", "agen in"]  # code after `yield` does not run on an exception


async def test_a_hook_that_swallows_shields_the_hooks_before_it() -> None:
    async with _stack(Gen, Swallows):
        raise ValueError("boom")
    assert LOG == ["gen in", "swallowed", "gen out"]


async def test_an_exception_raised_by_a_hook_replaces_the_one_it_got() -> None:
    with pytest.raises(KeyError, match="replaced"):
        async with _stack(Gen, Replaces):
            raise ValueError("boom")


async def test_a_hook_failing_on_entry_unwinds_those_entered_before_it() -> None:
    with pytest.raises(LookupError):
        async with _stack(Swallows, Gen, FailsOnEntry, AsyncGen):
            LOG.append("body")
    assert LOG == ["gen in"]  # nor AsyncGen nor the body ran; Gen saw the exception


async def test_a_hook_yielding_twice_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="yielded twice"):
        async with _stack(Twice):
            pass


def test_the_synchronous_path_keeps_the_same_rules() -> None:
    with _stack(Gen, Plain, Swallows):
        raise ValueError("boom")
    assert LOG == ["gen in", "plain", "swallowed", "gen out"]
    stack = _stack(AsyncGen)
    with pytest.raises(RuntimeError, match="asynchronous"):
        stack.__enter__()


@strawberry.type
class Query:
    ok: bool = True


async def test_a_real_schema_answers_through_it() -> None:
    schema = OmnicanalSchema(query=Query, extensions=[Gen, AsyncGen])
    LOG.clear()
    result = await schema.execute("{ ok }", root_value=Query())
    assert result.data == {"ok": True}
    assert LOG == ["gen in", "agen in", "agen out", "gen out"]


class Reports(SchemaExtension):
    def get_results(self) -> dict[str, object]:
        return {"reported": 1}


class ReportsLater(SchemaExtension):
    async def get_results(self) -> dict[str, object]:
        return {"later": 2}


async def test_only_extensions_that_report_are_asked_and_all_are_merged() -> None:
    schema = OmnicanalSchema(query=Query, extensions=[Untouched, Reports, Gen, ReportsLater])
    result = await schema.execute("{ ok }", root_value=Query())
    assert result.extensions == {"reported": 1, "later": 2}


def test_the_synchronous_path_merges_results_too() -> None:
    schema = OmnicanalSchema(query=Query, extensions=[Untouched, Reports])
    result = schema.execute_sync("{ ok }", root_value=Query())
    assert result.extensions == {"reported": 1}
    failing = schema.execute_sync("{ nope }", root_value=Query())  # a validation error
    assert failing.errors
    assert failing.extensions == {"reported": 1}
