"""The in-process measures: CPU and calls per query for a workload that answered cleanly,
and the callgrind window's library, built from valgrind's header where it is installed."""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import inproc, instructions
from bench.processes import REPO_ROOT, child_env


def run_inproc(*arguments: str) -> str:
    command = [sys.executable, "-m", "bench.inproc", "--workload", "plp", "-n", "5", *arguments]
    ran = subprocess.run(
        command, cwd=REPO_ROOT, env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    return ran.stdout


def test_cpu_and_calls_per_query_are_read_for_a_clean_answer() -> None:
    figures = re.findall(r"CPU ms/query (\d+\.\d+)", run_inproc("--reps", "2"))
    assert len(figures) == 2
    assert all(float(f) > 0 for f in figures)
    (calls,) = re.findall(r"calls/query ([\d,]+)", run_inproc("--calls"))
    assert int(calls.replace(",", "")) > 500, "a PLP is hundreds of Python calls"


def test_an_answer_with_errors_is_refused_not_measured() -> None:
    with pytest.raises(SystemExit, match="did not answer cleanly"):
        inproc.check(b'{"data": null, "errors": [{"message": "boom"}]}')
    inproc.check(b'{"data": {"products": {"nodes": []}}}')


@pytest.mark.skipif(
    shutil.which("valgrind") is None or not Path("/usr/include/valgrind/callgrind.h").exists(),
    reason="valgrind and its headers are not installed (Debian: valgrind)",
)
def test_the_callgrind_window_builds_with_both_calls(tmp_path: Path) -> None:
    library = ctypes.CDLL(str(instructions.build_window(tmp_path)))
    # Outside valgrind the client requests are no-ops: callable, and nothing happens.
    library.omnicanal_zero()
    library.omnicanal_dump()
    library.omnicanal_toggle()


async def test_the_poster_calls_its_hooks_around_the_request_and_the_body() -> None:
    events: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        events.append("app")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})
        events.append("after the body")

    post = inproc.poster(
        app, "{ __typename }", lambda: events.append("start"), lambda: events.append("body")
    )
    assert await post() == b"{}"
    assert events == ["start", "app", "body", "after the body"]
