"""A clock a test moves by hand, and a sleep that moves it instead of waiting: breakers,
budgets and deadlines are tested without timed waits."""

from __future__ import annotations


class FakeClock:
    def __init__(self, start: float = 1024.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
