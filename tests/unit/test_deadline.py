"""The request deadline: a scope sets it, nested scopes never extend it, writes lift it,
and a task started inside the scope (a dataloader batch) inherits it."""

from __future__ import annotations

import asyncio

import pytest

from connectors.deadline import bounded, deadline_scope, no_deadline, remaining
from tests.support.fake_clock import FakeClock


def test_no_scope_no_deadline() -> None:
    assert remaining() is None
    assert bounded(5.0) == 5.0


def test_time_left_shrinks_with_the_clock_and_cuts_a_timeout() -> None:
    clock = FakeClock()
    with deadline_scope(3.0, clock):
        assert remaining() == 3.0
        clock.advance(2.5)
        assert remaining() == 0.5
        assert bounded(5.0) == 0.5, "a call gets the time that is left"
        assert bounded(0.2) == 0.2, "or its own timeout if shorter"
        clock.advance(10)
        assert remaining() == 0.0, "never negative"
    assert remaining() is None, "the scope ends with the operation"


def test_an_inner_scope_never_extends_the_outer_deadline() -> None:
    clock = FakeClock()
    with deadline_scope(1.0, clock):
        with deadline_scope(10.0, clock):
            assert remaining() == 1.0
        with deadline_scope(0.3, clock):
            assert remaining() == pytest.approx(0.3)
        assert remaining() == 1.0


def test_a_write_lifts_the_deadline_until_it_returns() -> None:
    with deadline_scope(1.0):
        with no_deadline():
            assert remaining() is None
        assert remaining() is not None


async def test_tasks_started_inside_the_scope_inherit_it() -> None:
    clock = FakeClock()

    async def batch() -> float | None:
        return remaining()

    with deadline_scope(2.0, clock):
        inherited = await asyncio.create_task(batch())
    assert inherited == 2.0
    assert await asyncio.create_task(batch()) is None
