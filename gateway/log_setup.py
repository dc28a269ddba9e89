"""The gateway's own log (every `omnicanal.*` logger): its level and its format, `json`
(one object a line, for a log pipeline) or `text` (for a terminal). An access line's
fields (gateway/request_log.py) become keys of the object, or `key=value` pairs."""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

from gateway.config_observe import LOG_LEVELS, Observability
from gateway.log_buffer import BufferedLineHandler

LEVEL_ENV = "OMNICANAL_LOG_LEVEL"
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
        line: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "access", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
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


def gateway_handler() -> logging.Handler | None:
    """The handler configure_logging installed, if it is still there."""
    for handler in logging.getLogger("omnicanal").handlers:
        if handler.get_name() == HANDLER_NAME:
            return handler
    return None
