"""The access line written without a LogRecord is the line logging would have written, and
it is written that way only when our JSON handler is the one thing that would see it."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import orjson
import pytest

from gateway import log_setup
from gateway.log_buffer import BufferedLineHandler
from gateway.log_setup import HANDLER_NAME, JsonFormatter, TextFormatter, write_direct

FIELDS = {"request_id": "r1", "status": 200, "duration_ms": 1.25, "key_id": None, "cost": 3}
NOW = 1_764_700_000.123456


Chain = tuple[logging.Logger, BufferedLineHandler, io.StringIO]


@pytest.fixture
def chain() -> Chain:
    """`<parent>.access` below a parent holding our handler, as configure_logging sets up
    `omnicanal`, with a root of its own (a Manager) so that no test's capture reaches it."""
    root = logging.RootLogger(logging.WARNING)
    manager = logging.Manager(root)
    parent, logger = manager.getLogger("omni"), manager.getLogger("omni.access")
    parent.setLevel(logging.DEBUG)
    stream = io.StringIO()
    handler = BufferedLineHandler(stream)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    parent.addHandler(handler)
    return logger, handler, stream


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_setup, "clock", lambda: NOW)


def _as_logging_writes(logger: logging.Logger, level: int) -> str:
    record = logger.makeRecord(logger.name, level, "", 0, "request", (), None)
    record.created = NOW
    record.access = FIELDS  # type: ignore[attr-defined]
    formatter = JsonFormatter()
    return formatter.format(record) + "\n"


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG])
def test_the_direct_line_is_the_line_logging_writes(chain: Chain, level: int) -> None:
    logger, handler, stream = chain
    assert write_direct(logger, level, "request", FIELDS)
    handler.flush()
    assert stream.getvalue() == _as_logging_writes(logger, level)
    line = orjson.loads(stream.getvalue())
    assert list(line)[:4] == ["ts", "level", "logger", "message"]
    assert line["logger"] == "omni.access"
    assert line["ts"] == "2025-12-02T18:26:40.123+00:00"


def test_lines_wait_in_the_buffer_as_logged_ones_do(chain: Chain) -> None:
    logger, _, stream = chain
    write_direct(logger, logging.INFO, "request", FIELDS)
    assert stream.getvalue() == "", "kept for the next block"
    logger.warning("flushes what is before it")
    assert stream.getvalue().splitlines()[0] == _as_logging_writes(logger, logging.INFO).strip()


def _top(logger: logging.Logger) -> logging.Logger:
    while logger.parent is not None:
        logger = logger.parent
    return logger  # the fixture's own root, not logging's


def _another_handler(logger: logging.Logger) -> None:
    _top(logger).addHandler(logging.StreamHandler(io.StringIO()))


def _a_filter_on_the_logger(logger: logging.Logger) -> None:
    logger.addFilter(lambda record: True)


def _a_filter_on_the_handler(logger: logging.Logger) -> None:
    assert logger.parent is not None
    logger.parent.handlers[0].addFilter(lambda record: True)


def _text_format(logger: logging.Logger) -> None:
    assert logger.parent is not None
    logger.parent.handlers[0].setFormatter(TextFormatter())


def _disabled(logger: logging.Logger) -> None:
    logger.disabled = True


def _not_our_handler(logger: logging.Logger) -> None:
    assert logger.parent is not None
    logger.parent.handlers[0].set_name("someone else's")


@pytest.mark.parametrize(
    "change",
    [
        _another_handler,
        _a_filter_on_the_logger,
        _a_filter_on_the_handler,
        _text_format,
        _disabled,
        _not_our_handler,
    ],
)
def test_anything_else_that_would_see_the_record_sends_it_through_logging(
    chain: Chain, change: Callable[[logging.Logger], None]
) -> None:
    logger, handler, stream = chain
    change(logger)
    assert not write_direct(logger, logging.INFO, "request", FIELDS)
    handler.flush()
    assert stream.getvalue() == "", "nothing written: the caller logs it"


def test_a_handler_above_the_level_is_skipped_as_logging_skips_it(chain: Chain) -> None:
    logger, handler, stream = chain
    quiet = logging.StreamHandler(io.StringIO())
    quiet.setLevel(logging.ERROR)
    _top(logger).addHandler(quiet)
    assert write_direct(logger, logging.INFO, "request", FIELDS)
    handler.flush()
    assert orjson.loads(stream.getvalue())["request_id"] == "r1"


def test_a_logger_that_does_not_propagate_keeps_the_record_from_our_handler(
    chain: Chain,
) -> None:
    logger, _, _ = chain
    logger.propagate = False
    assert not write_direct(logger, logging.INFO, "request", FIELDS), "no handler: lastResort"
