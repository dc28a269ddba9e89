"""uvicorn's httptools protocol with the edge guards of `gateway.http_protocol` and the head
cap httptools lacks. This is the protocol served wherever httptools is installed (it is,
through uvicorn[standard]): at 32 clients it takes `{ __typename }` from 2356 to 3366 rps
(0.42 to 0.30 ms of CPU a request) and the product listing from 473 to 527 rps, against h11.

httptools has no bound of its own on the request head: llhttp hands the URL over in pieces
and httptools keeps each header's name and value in a growing bytes object until the header
ends. So the head's bytes are counted here as they arrive, from the request's first byte to
`on_headers_complete`:

- each read that starts inside a head (or between requests) is checked before httptools sees
  it: over the cap unless the head's end (llhttp insists on CRLF, so `\\r\\n\\r\\n`) falls
  within the bytes the cap leaves. This is exact, and covers heads over several reads, a
  head whole in one read, and any number of small headers.
- a head that begins inside a read, after an earlier pipelined request, is measured at
  `on_headers_complete` by what the parser handed over (URL, names, values, with the
  shortest separators: a lower bound); one still open when the read ends carries that lower
  bound into the next read's check. httptools never holds more than the cap plus one read.

A bad head pipelined behind requests still being answered is refused once they have been:
the client reads its answers in order, the refusal last, then the connection closes.

An upgrade the gateway declines (anything but a WebSocket; `curl --http2` offers h2c) is
served as plain HTTP/1.1, as h11 serves it: llhttp stops at an upgrading head without its
body, so the connection is handed to the h11 protocol with the head as parsed and every
byte after it. CONNECT, and an offer pipelined behind unanswered requests, get 400."""

from __future__ import annotations

from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gateway.http_protocol import MALFORMED, TOO_LARGE, EdgeGuards
from gateway.response_writes import CoalescedResponseWrites

HEAD_END = b"\r\n\r\n"
# The fewest bytes around what the parser hands over: "GET" " " url " HTTP/1.1" CRLF, ":"
# and CRLF for each header, and the empty line that ends the head.
REQUEST_LINE_MIN = len(b"GET  HTTP/1.1\r\n")
HEADER_SEPARATORS_MIN = len(b":\r\n")
HEAD_END_MIN = len(b"\r\n")


class Refusal(Exception):
    """Raised in a parser callback to stop httptools where it is; the connection closes."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, code, message)
        self.status, self.code, self.message = status, code, message


class GatewayHttpToolsProtocol(EdgeGuards, HttpToolsProtocol):
    """One client connection, parsed by httptools (llhttp)."""

    def __init__(self, *args: Any, max_header_bytes: int, **kwargs: Any) -> None:
        """EdgeGuards' constructor (uvicorn's, plus the guards'), and the head cap."""
        super().__init__(*args, **kwargs)
        self.max_header_bytes = max_header_bytes
        self.head_open = True  # the next bytes belong to a request head (or precede one)
        self.head_bytes = 0  # of the open head, in earlier reads
        self.head_tail = b""  # its last bytes, where a CRLFCRLF split across reads begins
        self.head_began_in_read = False  # after an earlier request, inside the current read
        self.message_open = False  # between a request's first byte and its last
        self.refusal: Refusal | None = None  # raised from a parser callback
        self.handing_over = False  # an upgrade offer declined: h11 serves the connection
        self.deferred_refusal: tuple[int, str, str] | None = None  # after the answers owed

    def data_received(self, data: bytes) -> None:
        if self.deferred_refusal is not None:
            return  # the connection closes once the answers owed are out
        self._unset_keepalive_if_required()
        if self.head_open:
            if self.read_deadline is None:
                self._arm_read_deadline()  # the next request on a kept-alive connection
            if self._head_over_cap(data):
                self._refuse(*TOO_LARGE)
                return
        self.head_began_in_read = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade as upgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            elif self.handing_over:
                self._hand_over_to_h11(data[upgrade.args[0] :])
            else:  # not reached: on_headers_complete stops other upgrades first
                self._refuse(*MALFORMED)
            return
        except httptools.HttpParserError:
            if self.refusal is None:
                self.logger.warning("Invalid HTTP request received.")
                self._refuse(*MALFORMED)
            else:
                self._refuse(self.refusal.status, self.refusal.code, self.refusal.message)
            return
        if self.head_open:
            self._count_open_head(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.message_open = True
        if self.read_deadline is None:
            self._arm_read_deadline()  # a request pipelined behind one already read

    def on_headers_complete(self) -> None:
        cap = self.max_header_bytes
        if self.head_began_in_read and self._head_lower_bound() + HEAD_END_MIN > cap:
            self._stop_parsing(*TOO_LARGE)
        if self.parser.should_upgrade() and not self._should_upgrade():
            if self._may_hand_over():
                self.handing_over = True  # no cycle here: h11 serves it (data_received)
                return
            # CONNECT, or an upgrade offer behind requests still being answered.
            self.logger.warning("Unsupported upgrade request.")
            self._stop_parsing(*MALFORMED)
        self.head_open = False
        self.head_bytes = 0
        self.head_tail = b""
        before = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not before:  # a request to answer (not a WebSocket upgrade)
            writes = CoalescedResponseWrites(self.transport, self.loop, cycle.on_response)
            cycle.transport, cycle.on_response = writes, writes.response_complete

    def on_message_complete(self) -> None:
        if self.handing_over:
            return  # llhttp's idea of the message (a head without its body): not served
        self._disarm_read_deadline()  # the request has been read in full
        self.message_open = False
        self.head_open = True
        self.head_began_in_read = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # starts the next pipelined request, if any
        if self.transport.is_closing():
            self._bound_closing()
        elif self.deferred_refusal is not None:
            self._refuse(*self.deferred_refusal)

    def _may_hand_over(self) -> bool:
        """An upgrade the gateway declines (h2c from `curl --http2`, say) is served as plain
        HTTP/1.1, as RFC 9110 §7.8 lets a server; but llhttp stops at an upgrading head,
        skipping its body, so h11 takes the connection over. Not for CONNECT, and not
        behind requests still being answered (the answers would cross)."""
        if self.parser.get_method() == b"CONNECT" or self.pipeline:
            return False
        return self.cycle is None or self.cycle.response_complete

    def _hand_over_to_h11(self, rest: bytes) -> None:
        """The request's head as parsed, and every byte after it, to an h11 protocol on
        this transport, with the same guards; this protocol is done."""
        from gateway.http_protocol import GatewayHTTPProtocol

        version = self.parser.get_http_version().encode("ascii")
        head = [self.parser.get_method(), b" ", self.url, b" HTTP/", version]
        for name, value in self.headers:
            head += [b"\r\n", name, b": ", value]
        head.append(b"\r\n\r\n")
        successor = GatewayHTTPProtocol(
            self.config, self.server_state, self.app_state, self.loop,
            read_timeout_s=self.read_timeout_s, write_timeout_s=self.write_timeout_s,
            max_requests_per_connection=self.max_requests,
        )  # fmt: skip
        self._disarm_read_deadline()
        self.connections.discard(self)
        successor.connection_made(self.transport)
        self.transport.set_protocol(successor)
        successor.data_received(b"".join(head) + rest)

    def handle_websocket_upgrade(self) -> None:
        self._disarm_read_deadline()  # the WebSocket protocol has its own pings
        super().handle_websocket_upgrade()

    def _head_over_cap(self, data: bytes) -> bool:
        """Whether the open head, with this read, exceeds the cap: its end must come within
        the bytes the cap leaves."""
        room = self.max_header_bytes - self.head_bytes
        if len(data) <= room:
            return False
        received = self.head_tail + data
        # Empty lines before a request are no head end (llhttp skips them).
        start = 0 if self.message_open else len(received) - len(received.lstrip(b"\r\n"))
        return received.find(HEAD_END, start, len(self.head_tail) + room) == -1

    def _count_open_head(self, data: bytes) -> None:
        """A read ended inside a head, or between requests."""
        if not self.head_began_in_read:
            self.head_bytes += len(data)
            self.head_tail = (self.head_tail + data[-3:])[-3:]
        elif self.message_open:
            self.head_bytes = self._head_lower_bound()
            self.head_tail = data[-3:]
        else:
            self.head_bytes = 0
            self.head_tail = b""

    def _head_lower_bound(self) -> int:
        """The fewest bytes that carry what the parser has handed over of this head."""
        handed_over = sum(len(name) + len(value) for name, value in self.headers)
        separators = HEADER_SEPARATORS_MIN * len(self.headers)
        return REQUEST_LINE_MIN + len(self.url) + handed_over + separators

    def _stop_parsing(self, status: int, code: str, message: str) -> None:
        self.refusal = Refusal(status, code, message)
        raise self.refusal

    def _refuse(self, status: int, code: str, message: str) -> None:
        if self._no_response_owed():
            super()._refuse(status, code, message)
        else:
            self.deferred_refusal = (status, code, message)
            self.flow.pause_reading()

    def _request_unanswered(self) -> bool:
        return self.message_open and self._no_response_owed()

    def _no_response_owed(self) -> bool:
        """No response is under way on the connection, so a refusal can be the next one."""
        if self.pipeline:  # an earlier request is still being answered
            return False
        if self.head_open:  # this request has no cycle yet; the previous one may
            return self.cycle is None or self.cycle.response_complete
        return not self.cycle.response_started
