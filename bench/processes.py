"""The emulator and the gateway as child processes: start, wait until ready, stop by pid."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import aiohttp

from bench.procstat import descendants

REPO_ROOT = Path(__file__).resolve().parents[1]
STOP_GRACE_S = 10.0


class StartupError(RuntimeError):
    """A child process did not become ready; the message says which and why."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment with the repository root importable, so `bench` and `gateway` load."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    env.update(extra or {})
    return env


def gateway_command(override: str | None) -> list[str]:
    if override:
        return shlex.split(override)
    script = shutil.which("omnicanal")
    return [script] if script else [sys.executable, "-m", "gateway.cli"]


def spawn(argv: Sequence[str], log: IO[bytes], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # A session of its own: a Ctrl-C in the terminal reaches the benchmark only, which then
    # stops its children in order.
    return subprocess.Popen(
        list(argv),
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


async def wait_ready(
    session: aiohttp.ClientSession,
    url: str,
    process: subprocess.Popen[bytes],
    what: str,
    timeout_s: float,
) -> None:
    """Poll `url` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + timeout_s
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupError(f"{what} exited with status {process.returncode} before ready")
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            last = type(exc).__name__
        await asyncio.sleep(0.1)
    raise StartupError(f"{what} not ready at {url} after {timeout_s:.0f} s ({last})")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM the process (uvicorn stops its workers); if it hangs, SIGKILL it and the
    descendants it had, each by its own pid."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
        return
    except subprocess.TimeoutExpired:
        pass
    children = descendants(process.pid)
    process.kill()
    process.wait(timeout=STOP_GRACE_S)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])
