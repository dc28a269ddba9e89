"""Which executor ran each operation, and why the planner declined one: the gateway turns
this into `omnicanal_executor_operations_total{executor, reason}` (gateway/metrics.py), so a
fallback is always visible; the schema floor itself imports no metrics library."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

PLANNED = "planned"
STANDARD = "standard"

Recorder = Callable[[str, str], None]

# In-process tally, for tests and for a gateway without metrics.
counts: Counter[tuple[str, str]] = Counter()
_recorders: list[Recorder] = []


def record(executor: str, reason: str = "") -> None:
    counts[(executor, reason)] += 1
    for recorder in _recorders:
        recorder(executor, reason)


def install(recorder: Recorder) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)
