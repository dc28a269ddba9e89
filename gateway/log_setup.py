"""The gateway's own log (every `omnicanal.*` logger): its level and its format, `json`
(one object a line, for a log pipeline) or `text` (for a terminal). An access line's
fields (gateway/request_log.py) become keys of the object, or `key=value` pairs."""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import UTC, datetime
from typing import Any, TypeGuard

import orjson

from gateway.config_observe import LOG_LEVELS, Observability
from gateway.log_buffer import BufferedLineHandler

LEVEL_ENV = "OMNICANAL_LOG_LEVEL"
clock = time.time  # a direct line's time, as a LogRecord's `created` (tests fix it)
HANDLER_NAME = "omnicanal"


class JsonFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__()
        # The last millisecond stamped and its text: the lines of a busy gateway share
        # their millisecond, and the datetime round trip is a fifth of a line's cost.
        self._stamped: tuple[int, str] = (-1, "")

    def _timestamp(self, created: float) -> str:
        # As datetime does: to the nearest microsecond, then cut to the millisecond.
        millisecond = round(created * 1_000_000) // 1000
        last, text = self._stamped
        if millisecond != last:
            text = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
            self._stamped = (millisecond, text)
        return text

    def format(self, record: logging.LogRecord) -> str:
        exception = self.formatException(record.exc_info) if record.exc_info else None
        access = getattr(record, "access", None)
        message = record.getMessage()
        return self.line(record.created, record.levelname, record.name, message, access, exception)

    def line(
        self,
        created: float,
        level_name: str,
        logger: str,
        message: str,
        fields: dict[str, Any] | None = None,
        exception: str | None = None,
    ) -> str:
        """One line's JSON: what `format` makes of a record, and what `write_direct`
        writes without one."""
        line: dict[str, Any] = {
            "ts": self._timestamp(created),
            "level": level_name.lower(),
            "logger": logger,
            "message": message,
        }
        line.update(fields or {})
        if exception is not None:
            line["exception"] = exception
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, "access", None) or {}
        return " ".join([text, *(f"{k}={v}" for k, v in fields.items() if v is not None)])


def configure_logging(settings: Observability) -> None:
    """One handler on the `omnicanal` logger, replaced (not added) on every call: the
    tests build many apps in one process."""
    logger = logging.getLogger("omnicanal")
    # No format of ours shows the thread or the process: not looked up for every record
    # (the logging HOWTO's "Optimization"; an access line is written for every request).
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    # Nor the caller's file and line (the HOWTO's `logging._srcfile = None`): each record
    # would otherwise walk the stack to find them.
    logging._srcfile = None
    level = settings.log_level or os.environ.get(LEVEL_ENV, "info").lower()
    if level not in LOG_LEVELS:
        level = "info"  # a typo in the environment does not stop the gateway
    logger.setLevel(level.upper())
    for old in [h for h in logger.handlers if h.get_name() == HANDLER_NAME]:
        old.flush()  # its buffered lines go out before the new handler's
        logger.removeHandler(old)
    handler = BufferedLineHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    logger.addHandler(handler)


def write_direct(logger: logging.Logger, level: int, message: str, fields: dict[str, Any]) -> bool:
    """Writes a line as `logger.log(level, message, extra={"access": fields})` would, without
    the LogRecord, when logging would send it to our JSON handler alone: the access line is
    written for every request, and the record, its handling and its formatting were a tenth
    of a `{ __typename }`'s CPU. False, having written nothing, when any other handler or
    filter would see the record (a test's capture, a user's own configuration): the caller
    then logs it the usual way. The caller has checked `isEnabledFor(level)`."""
    handler = _sole_json_handler(logger, level)
    if handler is None:
        return False
    formatter = handler.formatter
    assert isinstance(formatter, JsonFormatter)
    line = formatter.line(clock(), logging.getLevelName(level), logger.name, message, fields)
    handler.write_line(line, level)
    return True


def _sole_json_handler(logger: logging.Logger, level: int) -> BufferedLineHandler | None:
    """Our handler, when logging's callHandlers would reach it and nothing else."""
    if logger.disabled or logger.filters:
        return None
    found: BufferedLineHandler | None = None
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if level < handler.level:
                continue  # callHandlers skips it too
            if found is not None or not _ours(handler):
                return None
            found = handler
        if not current.propagate:
            break
        current = current.parent
    return found


def _ours(handler: logging.Handler) -> TypeGuard[BufferedLineHandler]:
    return (
        type(handler) is BufferedLineHandler
        and handler.get_name() == HANDLER_NAME
        and not handler.filters
        and type(handler.formatter) is JsonFormatter
    )


def gateway_handler() -> logging.Handler | None:
    """The handler configure_logging installed, if it is still there."""
    for handler in logging.getLogger("omnicanal").handlers:
        if handler.get_name() == HANDLER_NAME:
            return handler
    return None
