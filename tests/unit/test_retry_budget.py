"""The retry budget: a floor of retries per window, then retries at most `ratio` of the
calls, and the window slides."""

from __future__ import annotations

from connectors.retry_budget import BudgetSettings, RetryBudget, RetryBudgetSettings
from tests.support.fake_clock import FakeClock


def test_the_floor_then_ten_percent_of_the_calls() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryBudgetSettings(ratio=0.1, min_retries=3, window_s=10), clock)
    assert [budget.try_withdraw() for _ in range(4)] == [True, True, True, False]
    for _ in range(20):
        budget.record_call()
    assert [budget.try_withdraw() for _ in range(3)] == [True, True, False], "3 + 10% of 20"


def test_an_outage_costs_at_most_ratio_more_load() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryBudgetSettings(ratio=0.1, min_retries=0, window_s=10), clock)
    retries = 0
    for _ in range(1000):  # every call fails and asks for a retry
        budget.record_call()
        retries += budget.try_withdraw()
        clock.advance(0.005)
    assert retries <= 100


def test_the_window_slides() -> None:
    clock = FakeClock()
    budget = RetryBudget(RetryBudgetSettings(ratio=0.0, min_retries=2, window_s=10), clock)
    assert [budget.try_withdraw(), budget.try_withdraw()] == [True, True]
    assert not budget.try_withdraw()
    clock.advance(11)
    assert budget.try_withdraw(), "the spent retries left the window"


def test_every_new_budget_has_the_configured_settings_and_its_own_counts() -> None:
    settings = BudgetSettings()
    settings.configure(RetryBudgetSettings(min_retries=1))
    first, second = settings.new_budget(), settings.new_budget()
    assert first.settings.min_retries == 1
    assert first.try_withdraw()
    assert not first.try_withdraw()
    assert second.try_withdraw(), "budgets share no counts"
