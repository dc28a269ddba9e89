"""@labdigital/commercetools-mock for the tests: installed from the committed lockfile
(install.sh), started by `server.js` on 127.0.0.1 on a free port, seeded through its HTTP
API (`seed.py`), and stopped by process group. Its data lives in memory: every start is a
fresh project.

One instance serves a whole pytest run (`shared()`); it is stopped when the run's process
exits, and it stops by itself if that process dies without cleaning up.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.upstreams import node_process
from tests.upstreams.commercetools import dataset, seed


class MockError(node_process.NodeProcessError):
    """The mock could not be installed, started or seeded; the message says why."""


PROGRAM = node_process.NodeProgram(
    label="the mock",
    project_dir=Path(__file__).resolve().parent,
    error=MockError,
    install_timeout_s=300.0,
    start_timeout_s=30.0,
    stop_timeout_s=10.0,
    poll_s=0.05,
)


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
    process: node_process.NodeProcess | None = None
    seeded: dataset.Seeded = field(default_factory=dataset.Seeded)
    install_s: float = 0.0
    start_s: float = 0.0
    seed_s: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> CommercetoolsMockServer:
        began = time.monotonic()
        PROGRAM.install()
        self.install_s = time.monotonic() - began
        self.port = node_process.free_port()
        env = {
            "OMNICANAL_CT_PROJECT_KEY": self.project_key,
            "OMNICANAL_CT_CLIENT_ID": self.client_id,
            "OMNICANAL_CT_CLIENT_SECRET": self.client_secret,
        }
        began = time.monotonic()
        # Up when it answers at all: without a token the API says 401.
        url = f"{self.base_url}/{self.project_key}"
        try:
            self.process = PROGRAM.start(
                ["server.js", str(self.port)], env, self.log_path, lambda: node_process.answers(url)
            )
            self.start_s = time.monotonic() - began
            began = time.monotonic()
            self._seed()
            self.seed_s = time.monotonic() - began
        except BaseException:
            self.stop()
            raise
        return self

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
        return node_process.log_tail(self.log_path, lines)

    def stop(self) -> None:
        """Stops the process (by process group), then removes the log."""
        process, self.process = self.process, None
        if process is not None:
            process.stop()
        with contextlib.suppress(OSError):
            self.log_path.unlink()


_shared = node_process.Shared(lambda: CommercetoolsMockServer().start())


def shared() -> CommercetoolsMockServer:
    """The run's mock, started and seeded on first use (blocking, bounded) and stopped at
    exit. A failed start is remembered: the next test fails at once instead of waiting."""
    return _shared.get()
