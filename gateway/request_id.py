"""The request id: the client's `X-Request-Id` when it is a plausible id (at most 128 of
[A-Za-z0-9._-], so that it is safe in a log line and a header), else a new one."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

HEADER = b"x-request-id"
_PLAUSIBLE = re.compile(rb"[A-Za-z0-9._-]{1,128}")


def request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == HEADER:
            return value.decode("ascii") if _PLAUSIBLE.fullmatch(value) else new_id()
    return new_id()


def new_id() -> str:
    # An id correlates log lines, it guards nothing: no need for the operating system's
    # random source (a system call per request). `random` reseeds itself in a forked child.
    return f"{random.getrandbits(128):032x}"
