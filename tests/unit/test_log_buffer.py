"""The log's lines are written in blocks: whole lines, at most PIPE_BUF bytes a write, none
lost, none reordered; a warning goes out at once with everything before it; a quiet
moment's lines go out within the flush interval; the rest when the server stops."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest

from gateway import log_buffer
from gateway.log_buffer import BLOCK_BYTES, BufferedLineHandler, flushing


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def _logger(stream: CountingStream) -> tuple[logging.Logger, BufferedLineHandler]:
    logger = logging.getLogger(f"omnicanal.test_log_buffer.{id(stream)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = BufferedLineHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    return logger, handler


def test_info_lines_wait_then_leave_in_whole_line_blocks_of_at_most_pipe_buf() -> None:
    stream = CountingStream()
    logger, handler = _logger(stream)
    lines = [f"line {i} " + "é" * (i % 7) + "x" * 90 for i in range(400)]
    for line in lines[:3]:
        logger.info(line)
    assert stream.writes == [], "three short lines are kept"
    for line in lines[3:]:
        logger.info(line)
    handler.flush()
    assert stream.getvalue() == "".join(f"{line}\n" for line in lines), "none lost or moved"
    assert len(stream.writes) < len(lines) / 10, "written in blocks, not line by line"
    for block in stream.writes:
        assert block.endswith("\n")
        assert len(block.encode()) <= BLOCK_BYTES


def test_a_line_longer_than_a_block_goes_alone_and_whole() -> None:
    stream = CountingStream()
    logger, handler = _logger(stream)
    logger.info("short")
    logger.info("y" * (BLOCK_BYTES * 2))
    handler.flush()
    assert stream.writes[-1] == "y" * (BLOCK_BYTES * 2) + "\n"
    assert "".join(stream.writes) == "short\n" + "y" * (BLOCK_BYTES * 2) + "\n"


def test_a_warning_is_written_at_once_after_the_lines_before_it() -> None:
    stream = CountingStream()
    logger, _ = _logger(stream)
    logger.info("before")
    logger.warning("circuit open")
    assert stream.getvalue() == "before\ncircuit open\n"


def test_a_line_that_cannot_be_formatted_is_reported_not_raised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stream = CountingStream()
    logger, handler = _logger(stream)
    logger.info("%d apples", "not a number")  # logging's own handleError reports it
    logger.info("after")
    handler.flush()
    assert stream.getvalue() == "after\n"
    assert "--- Logging error ---" in capsys.readouterr().err  # logging's own report


async def test_a_quiet_moment_is_flushed_within_the_interval_and_the_rest_at_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(log_buffer, "FLUSH_INTERVAL_S", 0.05)
    stream = CountingStream()
    logger, handler = _logger(stream)
    async with flushing(handler):
        logger.info("one request")
        assert stream.getvalue() == ""
        for _ in range(40):
            await asyncio.sleep(0.02)
            if stream.getvalue():
                break
        assert stream.getvalue() == "one request\n", "out within the interval"
        logger.info("at shutdown")
    assert stream.getvalue() == "one request\nat shutdown\n", "flushed when the server stops"
