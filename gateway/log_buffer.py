"""The gateway's log lines written in blocks rather than one system call each, as nginx's
`access_log ... buffer= flush=` does: an access line is written for every request, and its
`write` was about a tenth of a `{ __typename }`'s CPU.

Lines wait in memory until about PIPE_BUF bytes of them are there, a record at WARNING or
above arrives (written at once, after the lines before it), `flush_periodically` comes
round (every FLUSH_INTERVAL_S), or the process exits (logging's own shutdown flushes
every handler). Each block is whole lines and at most PIPE_BUF bytes (a longer line goes
alone), so blocks from several workers sharing one pipe never interleave inside a line.
What a process killed outright had not flushed, at most FLUSH_INTERVAL_S of lines, is lost."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import select
from collections.abc import AsyncIterator, Iterator
from typing import TextIO

# A write to a pipe up to this size is atomic: 4096 on Linux, POSIX's 512 where unknown.
BLOCK_BYTES: int = getattr(select, "PIPE_BUF", 512)
FLUSH_INTERVAL_S = 0.5


class BufferedLineHandler(logging.StreamHandler[TextIO]):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._lines: list[str] = []
        self._size = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
            return
        self.write_line(line, record.levelno)

    def write_line(self, line: str, level: int) -> None:
        """A formatted line (without its terminator) into the buffer, as `emit` does."""
        line += self.terminator
        self.acquire()  # Handler.handle holds it around emit; a direct write takes it here
        try:
            self._lines.append(line)
            self._size += _size(line)
        finally:
            self.release()
        if self._size >= BLOCK_BYTES or level >= logging.WARNING:
            self.flush()

    def flush(self) -> None:
        self.acquire()
        try:
            lines, self._lines, self._size = self._lines, [], 0
            for block in _blocks(lines):
                self.stream.write(block)
            super().flush()
        except Exception:  # a closed or broken stream: like StreamHandler, never raise
            pass
        finally:
            self.release()


def _size(line: str) -> int:
    """In bytes, as the pipe counts them (an ASCII line, the usual one, is its length)."""
    return len(line) if line.isascii() else len(line.encode("utf-8", "backslashreplace"))


def _blocks(lines: list[str]) -> Iterator[str]:
    block: list[str] = []
    size = 0
    for line in lines:
        line_size = _size(line)
        if block and size + line_size > BLOCK_BYTES:
            yield "".join(block)
            block, size = [], 0
        block.append(line)
        size += line_size
    if block:
        yield "".join(block)


@contextlib.asynccontextmanager
async def flushing(handler: logging.Handler | None) -> AsyncIterator[None]:
    """For the server's life: what a quiet moment leaves in the buffer is out within
    FLUSH_INTERVAL_S, and the rest when the server stops."""
    if handler is None:
        yield
        return
    task = asyncio.create_task(_flush_periodically(handler))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        handler.flush()


async def _flush_periodically(handler: logging.Handler) -> None:
    while True:
        await asyncio.sleep(FLUSH_INTERVAL_S)
        handler.flush()
