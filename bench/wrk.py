"""Closed-loop load from wrk (Debian's `wrk`, C and epoll) instead of this process.

The Python load generator costs about as much CPU per `{ __typename }` as the gateway does
(bench/README.md: 0.26 to 0.44 ms a request), so on a machine of two cores it takes the share
of the second core that a second worker would need, and `--workers 2` cannot show what it
gives. wrk costs a small fraction of that, measured here per run from its own rusage.

Every answer is still checked, in wrk's Lua `response` hook: status 200, a JSON object
with `data` and no `errors` (the gateway writes its keys in that spelling, with no spaces),
and the workload's own markers (`"__typename":"Query"` for `{ __typename }`; a listing's
products, none without a price). An answer that fails counts as an error, never as a fast
request."""

from __future__ import annotations

import asyncio
import re
import resource
import shutil
import tempfile
from dataclasses import dataclass

import orjson

# What a good answer must and must not contain, per workload, beyond `"data":{` and no
# `"errors"`: bench/load.py's checks, as text (a listing's products, each with a price).
MARKERS = {
    "typename": ('"__typename":"Query"', '"__typename":null'),
    "listing": ('"nodes":[{', '"price":null'),
}
REPORT = re.compile(rb"^omnicanal-wrk (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", re.MULTILINE)

# Each wrk thread counts its bad answers in its own Lua state; `done` sums them.
SCRIPT = """\
wrk.method = "POST"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"data":{{', 1, true)
      or string.find(body, '"errors"', 1, true)
      or not string.find(body, [==[{present}]==], 1, true)
      or string.find(body, [==[{absent}]==], 1, true) then
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("omnicanal-wrk %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, failed, socket, latency:percentile(50), latency:percentile(99)))
end
"""


class WrkMissing(RuntimeError):
    """wrk is not installed: the message says how to get it."""


@dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    elapsed_s: float
    errors: int  # bad answers and socket errors
    p50_ms: float
    p99_ms: float
    cpu_s: float  # wrk's own user + system CPU

    @property
    def ok(self) -> int:
        return max(self.requests - self.errors, 0)


def script(query: str, workload: str) -> str:
    body = orjson.dumps({"query": query}).decode()
    present, absent = MARKERS[workload]
    if any("]==]" in text for text in (body, present, absent)):
        raise ValueError("the query would end the Lua string early")
    return SCRIPT.format(body=body, present=present, absent=absent)


def parse(output: bytes, cpu_s: float) -> WrkResult:
    found = REPORT.search(output)
    if found is None:
        raise RuntimeError(f"wrk printed no report: {output[-500:]!r}")
    requests, duration_us, bad, socket, p50_us, p99_us = (int(g) for g in found.groups())
    return WrkResult(
        requests=requests,
        elapsed_s=duration_us / 1e6,
        errors=bad + socket,
        p50_ms=p50_us / 1000,
        p99_ms=p99_us / 1000,
        cpu_s=cpu_s,
    )


async def closed_loop(
    url: str,
    query: str,
    workload: str,
    *,
    connections: int,
    duration_s: float,
    cores: str | None = None,
) -> WrkResult:
    """wrk with one thread per core it may use and `connections` clients, for
    `duration_s` (wrk takes whole seconds, at least 1). `cores`: a taskset CPU list."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkMissing("wrk is not installed (Debian: apt-get install wrk)")
    threads = len(cores.split(",")) if cores else 1
    seconds = max(1, round(duration_s))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script(query, workload))
        lua.flush()
        argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", lua.name, url]
        if cores is not None and shutil.which("taskset") is not None:
            argv = ["taskset", "-c", cores, *argv]
        before = _children_cpu_s()
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
        try:
            output, _ = await asyncio.wait_for(process.communicate(), seconds + 30)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError("wrk did not finish in time") from None
        # Counted once wrk has been waited for: children that are still running (the
        # gateway, the emulator) are not in RUSAGE_CHILDREN.
        cpu_s = _children_cpu_s() - before
    if process.returncode != 0:
        raise RuntimeError(f"wrk exited with {process.returncode}: {output[-500:]!r}")
    return parse(output, cpu_s)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
