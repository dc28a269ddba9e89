"""A real Strapi 5 for the tests: installed from the committed lockfile (install.sh), started
on 127.0.0.1 on a free port with a fresh SQLite file in a temporary directory, seeded by its
own bootstrap from `seed.py`'s data, and stopped by process group.

One instance serves a whole pytest run (`shared()`); it is stopped when the run's process
exits, and it stops by itself if that process dies without cleaning up.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.upstreams.strapi import seed

PROJECT_DIR = Path(__file__).resolve().parent
INSTALL_TIMEOUT_S = 900.0
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 15.0
API_TOKEN = "omnicanal-strapi-test-token-0123456789abcdef"
# Test-only secrets: this Strapi listens on the loopback and lives for one test run.
SECRETS = {
    "APP_KEYS": "omnicanal-test-key-1,omnicanal-test-key-2",
    "ADMIN_JWT_SECRET": "omnicanal-test-admin-jwt-secret",
    "API_TOKEN_SALT": "omnicanal-test-api-token-salt",
    "TRANSFER_TOKEN_SALT": "omnicanal-test-transfer-token-salt",
    "ENCRYPTION_KEY": "omnicanal-test-encryption-key-0123456789",
}


class StrapiError(RuntimeError):
    """Strapi could not be installed or started; the message carries its log's tail."""


@dataclass
class StrapiServer:
    """One Strapi process; `start()` blocks until it answers or fails (bounded)."""

    api_token: str = API_TOKEN
    product_ids: tuple[str, ...] = seed.PRODUCT_IDS
    port: int = 0
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="strapi-")))
    process: subprocess.Popen[bytes] | None = None
    install_s: float = 0.0
    start_s: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "strapi.log"

    def start(self) -> StrapiServer:
        began = time.monotonic()
        install()
        self.install_s = time.monotonic() - began
        self.port = _free_port()
        (self.workdir / "public" / "uploads").mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            **SECRETS,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "NODE_ENV": "production",
            "DATABASE_FILENAME": str(self.workdir / "data.db"),
            "PUBLIC_DIR": str(self.workdir / "public"),
            "STRAPI_TELEMETRY_DISABLED": "true",
            "STRAPI_PLUGIN_I18N_INIT_LOCALE_CODE": seed.DEFAULT_LOCALE,
            "OMNICANAL_SEED_FILE": str(seed.write(self.workdir / "seed.json", self.product_ids)),
            "OMNICANAL_API_TOKEN": self.api_token,
            "OMNICANAL_PARENT_PID": str(os.getpid()),
        }
        began = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                ["node", "node_modules/@strapi/strapi/bin/strapi.js", "start"],
                cwd=PROJECT_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready(began + START_TIMEOUT_S)
        except BaseException:
            self.stop()
            raise
        self.start_s = time.monotonic() - began
        return self

    def _wait_ready(self, deadline: float) -> None:
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StrapiError(
                    f"Strapi exited with {self.process.returncode}\n{self.log_tail()}"
                )
            if _answers(self.base_url + "/_health"):
                return
            time.sleep(0.25)
        raise StrapiError(f"Strapi not ready after {START_TIMEOUT_S:.0f} s\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """SIGTERM to the process group, SIGKILL if it lingers; then the temporary files."""
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
        shutil.rmtree(self.workdir, ignore_errors=True)


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
        raise StrapiError(f"tests/upstreams/strapi/install.sh failed:\n{output}") from exc


_shared: StrapiServer | StrapiError | None = None


def shared() -> StrapiServer:
    """The run's Strapi, started on first use (blocking, bounded) and stopped at exit. A
    failed start is remembered: the next test fails at once instead of waiting again."""
    global _shared
    if _shared is None:
        try:
            server = StrapiServer().start()
        except StrapiError as exc:
            _shared = exc
            raise
        atexit.register(server.stop)
        _shared = server
    if isinstance(_shared, StrapiError):
        raise _shared
    return _shared


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status < 300)
    except (urllib.error.URLError, OSError):
        return False
