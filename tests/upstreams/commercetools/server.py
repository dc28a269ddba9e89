"""@labdigital/commercetools-mock for the tests: installed from the committed lockfile
(install.sh), started by `server.js` on 127.0.0.1 on a free port, seeded through its HTTP
API (`seed.py`), and stopped by process group. Its data lives in memory: every start is a
fresh project.

One instance serves a whole pytest run (`shared()`); it is stopped when the run's process
exits, and it stops by itself if that process dies without cleaning up.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.upstreams.commercetools import dataset, seed

PROJECT_DIR = Path(__file__).resolve().parent
INSTALL_TIMEOUT_S = 300.0
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class MockError(RuntimeError):
    """The mock could not be installed, started or seeded; the message says why."""


@dataclass
class CommercetoolsMockServer:
    """One mock process; `start()` blocks until it is up and seeded, or fails (bounded)."""

    project_key: str = dataset.PROJECT_KEY
    client_id: str = dataset.CLIENT_ID
    client_secret: str = dataset.CLIENT_SECRET
    port: int = 0
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="ct-mock-", suffix=".log")[1])
    )
    process: subprocess.Popen[bytes] | None = None
    seeded: dataset.Seeded = field(default_factory=dataset.Seeded)
    install_s: float = 0.0
    start_s: float = 0.0
    seed_s: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> CommercetoolsMockServer:
        began = time.monotonic()
        install()
        self.install_s = time.monotonic() - began
        self.port = _free_port()
        env = {
            **os.environ,
            "OMNICANAL_CT_PROJECT_KEY": self.project_key,
            "OMNICANAL_CT_CLIENT_ID": self.client_id,
            "OMNICANAL_CT_CLIENT_SECRET": self.client_secret,
            "OMNICANAL_PARENT_PID": str(os.getpid()),
        }
        began = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                ["node", "server.js", str(self.port)],
                cwd=PROJECT_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready(began + START_TIMEOUT_S)
            self.start_s = time.monotonic() - began
            began = time.monotonic()
            self._seed()
            self.seed_s = time.monotonic() - began
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, deadline: float) -> None:
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MockError(
                    f"the mock exited with {self.process.returncode}\n{self.log_tail()}"
                )
            if _answers(f"{self.base_url}/{self.project_key}"):
                return
            time.sleep(0.05)
        raise MockError(f"the mock did not answer in {START_TIMEOUT_S:.0f} s\n{self.log_tail()}")

    def _seed(self) -> None:
        api = seed.Api(self.port, self.project_key)
        try:
            api.authenticate(self.client_id, self.client_secret)
            self.seeded = seed.seed(api)
        except (seed.SeedError, OSError) as exc:
            raise MockError(f"seeding failed: {exc}\n{self.log_tail()}") from exc
        finally:
            api.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """SIGTERM to the process group, SIGKILL if it lingers; then the log."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(STOP_TIMEOUT_S)
        with contextlib.suppress(OSError):
            self.log_path.unlink()


def install() -> None:
    """Runs install.sh, which returns at once when node_modules matches the lockfile."""
    try:
        subprocess.run(
            ["bash", str(PROJECT_DIR / "install.sh")],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT_S,
        )
    except subprocess.CalledProcessError as exc:
        output = exc.stdout.decode(errors="replace")[-4000:]
        raise MockError(f"tests/upstreams/commercetools/install.sh failed:\n{output}") from exc


_shared: CommercetoolsMockServer | MockError | None = None


def shared() -> CommercetoolsMockServer:
    """The run's mock, started and seeded on first use (blocking, bounded) and stopped at
    exit. A failed start is remembered: the next test fails at once instead of waiting."""
    global _shared
    if _shared is None:
        try:
            server = CommercetoolsMockServer().start()
        except MockError as exc:
            _shared = exc
            raise
        atexit.register(server.stop)
        _shared = server
    if isinstance(_shared, MockError):
        raise _shared
    return _shared


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    """Up when it answers at all: without a token the API says 401."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False
