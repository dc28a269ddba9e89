"""A node program as a child process of the test run, as the real upstreams need it: installed
by its project's install.sh, started in a new session with its output in a log file, waited
for until it answers (bounded), and stopped by process group. `watch-parent.cjs` is preloaded
into it, so it stops by itself if the test run dies without cleaning up.

`Shared` keeps one instance for a whole pytest run, stopped when the run's process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

UPSTREAMS_DIR = Path(__file__).resolve().parent
WATCH_PARENT = UPSTREAMS_DIR / "watch-parent.cjs"


class NodeProcessError(RuntimeError):
    """The program could not be installed or started; the message says why."""


@dataclass(frozen=True)
class NodeProgram:
    """How to install, start and stop one upstream; `label` names it in error messages."""

    label: str
    project_dir: Path
    error: type[NodeProcessError]
    install_timeout_s: float
    start_timeout_s: float
    stop_timeout_s: float
    poll_s: float

    def install(self) -> None:
        """Runs install.sh, which returns at once when node_modules matches the lockfile."""
        script = self.project_dir / "install.sh"
        try:
            subprocess.run(
                ["bash", str(script)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=self.install_timeout_s,
            )
        except subprocess.CalledProcessError as exc:
            output = exc.stdout.decode(errors="replace")[-4000:]
            raise self.error(f"{_shown(script)} failed:\n{output}") from exc
        except subprocess.TimeoutExpired as exc:
            raise self.error(
                f"{_shown(script)} did not finish in {self.install_timeout_s:.0f} s"
            ) from exc

    def start(
        self,
        args: Sequence[str],
        env: Mapping[str, str],
        log_path: Path,
        ready: Callable[[], bool],
    ) -> NodeProcess:
        """`node args...` in the project directory, returned once `ready()` is true; stopped
        again if it exits or is not ready in time."""
        env = {**os.environ, **env, "OMNICANAL_PARENT_PID": str(os.getpid())}
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                ["node", "--require", str(WATCH_PARENT), *args],
                cwd=self.project_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = NodeProcess(self, popen, log_path)
        try:
            process.wait_ready(ready)
        except BaseException:
            process.stop()
            raise
        return process


@dataclass
class NodeProcess:
    program: NodeProgram
    popen: subprocess.Popen[bytes]
    log_path: Path

    def wait_ready(self, ready: Callable[[], bool]) -> None:
        label, timeout_s = self.program.label, self.program.start_timeout_s
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise self.program.error(
                    f"{label} exited with {self.popen.returncode}\n{self.log_tail()}"
                )
            if ready():
                return
            time.sleep(self.program.poll_s)
        raise self.program.error(f"{label} did not answer in {timeout_s:.0f} s\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        """SIGTERM to the process group, SIGKILL if it lingers."""
        if self.popen.poll() is not None:
            return
        timeout_s = self.program.stop_timeout_s
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout_s)


class Stoppable(Protocol):
    def stop(self) -> None: ...


S = TypeVar("S", bound=Stoppable)


class Shared(Generic[S]):
    """One instance for the run, started on first use (blocking, bounded) and stopped at exit.
    A failed start is remembered: the next test fails at once instead of waiting again."""

    def __init__(self, start: Callable[[], S]) -> None:
        self._start = start
        self._value: S | NodeProcessError | None = None

    def get(self) -> S:
        if self._value is None:
            try:
                instance = self._start()
            except NodeProcessError as exc:
                self._value = exc
                raise
            atexit.register(instance.stop)
            self._value = instance
        if isinstance(self._value, NodeProcessError):
            raise self._value
        return self._value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def answers(url: str) -> bool:
    """Whether anything answers at `url`, whatever the status."""
    return _status(url) is not None


def healthy(url: str) -> bool:
    """Whether `url` answers with a 2xx."""
    status = _status(url)
    return status is not None and 200 <= status < 300


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _shown(path: Path) -> str:
    """A path as the repository names it (tests/upstreams/...)."""
    return f"tests/upstreams/{path.relative_to(UPSTREAMS_DIR)}"


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None
