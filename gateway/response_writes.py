"""A response's head and body leave in one write, as one TCP segment when they fit.

uvicorn writes a response's head (status line and headers) to the transport in one call and
its body in the next. uvloop sends each write at once, so every answer cost two `send`
system calls, and, with TCP_NODELAY, two segments for the client to read: py-spy put the
response's writes at an eighth of a `{ __typename }`'s CPU. Here the head is held back
until the body's first piece arrives, which for an ordinary response is within the same
`send` sequence, and the two are written together.

The head never waits longer than that: a response that starts and then waits before its
body (a stream) has its head written at the end of the current loop iteration; a response
with no body (HEAD) has it written when the response completes (`response_complete`, which
the cycle calls in place of the protocol's callback), before anything else goes on the
connection; closing writes it first. The `100 Continue` interim answer is written at once:
the client waits for it before sending the body."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

CONTINUE = b"HTTP/1.1 100 "
# Past this, a body is written after the head rather than copied into one buffer with it.
JOIN_LIMIT = 64 * 1024


class CoalescedResponseWrites(asyncio.Transport):
    """The transport as one response cycle sees it: its first write (the head) is held
    until the next write, or the end of the loop iteration, whichever comes first."""

    __slots__ = ("_head", "_loop", "_on_response", "_started", "_transport")

    def __init__(
        self,
        transport: asyncio.Transport,
        loop: asyncio.AbstractEventLoop,
        on_response: Callable[[], None],
    ) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._on_response = on_response
        self._head: bytes | None = None
        self._started = False

    def response_complete(self) -> None:
        """The cycle's completion callback: this response's head, if still held, goes out
        before the protocol moves on (to the next pipelined request, or a refusal)."""
        self.flush()
        self._on_response()

    def write(self, data: bytes | bytearray | memoryview[Any]) -> None:
        if not isinstance(data, bytes):
            data = bytes(data)  # uvicorn writes bytes; anything else is copied once
        head = self._head
        if head is not None:
            self._head = None
            if len(data) <= JOIN_LIMIT:
                self._transport.write(head + data)
                return
            self._transport.write(head)
        elif not self._started and not data.startswith(CONTINUE):
            self._started = True
            self._head = data
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        """Writes a head still held (a response without a body, or one still waiting for
        its first piece)."""
        head = self._head
        if head is not None:
            self._head = None
            if not self._transport.is_closing():
                self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)
