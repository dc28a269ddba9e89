"""A retry budget per upstream (Finagle's RetryBudget, Envoy's retry_budget): retries may
add at most `ratio` of the calls made over the last `window_s`, plus a small floor so that
a quiet connector can still retry its rare failure. During an outage every call fails and
wants a retry; the budget keeps the load at about (1 + ratio) x the calls instead of
attempts x the calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from connectors.window import SlidingCounts

CALL = "call"
RETRY = "retry"


@dataclass(frozen=True, slots=True)
class RetryBudgetSettings:
    ratio: float = 0.1
    min_retries: int = 10  # per window, whatever the traffic
    window_s: float = 10.0


class RetryBudget:
    def __init__(
        self,
        settings: RetryBudgetSettings = RetryBudgetSettings(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._counts = SlidingCounts(settings.window_s, clock)

    def record_call(self) -> None:
        """A first attempt (retries are not calls: they would grow their own budget)."""
        self._counts.add(CALL)

    def try_withdraw(self) -> bool:
        """True, and the retry is counted, if the budget allows one more retry now."""
        allowed = self.settings.min_retries + self.settings.ratio * self._counts.total(CALL)
        if self._counts.total(RETRY) >= allowed:
            return False
        self._counts.add(RETRY)
        return True


class BudgetSettings:
    """The settings every client's budget is made with: the gateway sets them from its
    configuration before it builds the connectors, so that a connector needs no code to
    get a budget. Each UpstreamClient holds its own budget (per connector, per upstream
    host), so that nothing is shared between connectors or between gateways in a test."""

    def __init__(self) -> None:
        self.current = RetryBudgetSettings()

    def configure(self, settings: RetryBudgetSettings) -> None:
        self.current = settings

    def new_budget(self) -> RetryBudget:
        return RetryBudget(self.current)


BUDGET_SETTINGS = BudgetSettings()
