"""The JSON log line's timestamp: reused within its millisecond, always datetime's text."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime

import orjson

from gateway.log_setup import JsonFormatter


def _stamp(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


def test_each_line_is_stamped_as_datetime_renders_its_time() -> None:
    formatter, rng = JsonFormatter(), random.Random(7)
    base = 1_764_700_000.0
    times = sorted(base + rng.uniform(0, 3) for _ in range(5000))
    times += [base + 0.0009999, base + 0.001, base + 0.0014995, base + 0.9999996]
    for created in times:
        record = logging.LogRecord("omnicanal.access", logging.INFO, "", 0, "request", (), None)
        record.created = created
        assert orjson.loads(formatter.format(record))["ts"] == _stamp(created), created


def test_lines_of_one_millisecond_share_the_text_made_once() -> None:
    formatter = JsonFormatter()
    first = formatter._timestamp(1_764_700_000.1231)
    assert formatter._timestamp(1_764_700_000.1238) is first
    assert formatter._timestamp(1_764_700_000.1241) == "2025-12-02T18:26:40.124+00:00"
