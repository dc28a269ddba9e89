"""A real Strapi 5 for the tests: installed from the committed lockfile (install.sh), started
on 127.0.0.1 on a free port with a fresh SQLite file in a temporary directory, seeded by its
own bootstrap from `seed.py`'s data, and stopped by process group.

One instance serves a whole pytest run (`shared()`); it is stopped when the run's process
exits, and it stops by itself if that process dies without cleaning up.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.upstreams import node_process
from tests.upstreams.strapi import seed

API_TOKEN = "omnicanal-strapi-test-token-0123456789abcdef"
# Strapi calls `webhook_url` (a gateway a test starts on `webhook_port`) with this bearer.
WEBHOOK_TOKEN = "omnicanal-strapi-test-webhook-0123456789"
WEBHOOK_INSTANCE = "cms"
# Test-only secrets: this Strapi listens on the loopback and lives for one test run.
SECRETS = {
    "APP_KEYS": "omnicanal-test-key-1,omnicanal-test-key-2",
    "ADMIN_JWT_SECRET": "omnicanal-test-admin-jwt-secret",
    "API_TOKEN_SALT": "omnicanal-test-api-token-salt",
    "TRANSFER_TOKEN_SALT": "omnicanal-test-transfer-token-salt",
    "ENCRYPTION_KEY": "omnicanal-test-encryption-key-0123456789",
}


class StrapiError(node_process.NodeProcessError):
    """Strapi could not be installed or started; the message carries its log's tail."""


PROGRAM = node_process.NodeProgram(
    label="Strapi",
    project_dir=Path(__file__).resolve().parent,
    error=StrapiError,
    install_timeout_s=900.0,
    start_timeout_s=180.0,
    stop_timeout_s=15.0,
    poll_s=0.25,
)


@dataclass
class StrapiServer:
    """One Strapi process; `start()` blocks until it answers or fails (bounded)."""

    api_token: str = API_TOKEN
    product_ids: tuple[str, ...] = seed.PRODUCT_IDS
    port: int = 0
    webhook_port: int = 0
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="strapi-")))
    process: node_process.NodeProcess | None = None
    install_s: float = 0.0
    start_s: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}/webhooks/{WEBHOOK_INSTANCE}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "strapi.log"

    def start(self) -> StrapiServer:
        began = time.monotonic()
        PROGRAM.install()
        self.install_s = time.monotonic() - began
        self.port = node_process.free_port()
        self.webhook_port = node_process.free_port()
        (self.workdir / "public" / "uploads").mkdir(parents=True, exist_ok=True)
        env = {
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
            "OMNICANAL_WEBHOOK_URL": self.webhook_url,
            "OMNICANAL_WEBHOOK_TOKEN": WEBHOOK_TOKEN,
        }
        began = time.monotonic()
        url = self.base_url + "/_health"
        try:
            self.process = PROGRAM.start(
                ["node_modules/@strapi/strapi/bin/strapi.js", "start"],
                env,
                self.log_path,
                lambda: node_process.healthy(url),
            )
        except BaseException:
            self.stop()
            raise
        self.start_s = time.monotonic() - began
        return self

    def log_tail(self, lines: int = 40) -> str:
        return node_process.log_tail(self.log_path, lines)

    def stop(self) -> None:
        """Stops the process (by process group), then removes the temporary files."""
        process, self.process = self.process, None
        if process is not None:
            process.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


_shared = node_process.Shared(lambda: StrapiServer().start())


def shared() -> StrapiServer:
    """The run's Strapi, started on first use (blocking, bounded) and stopped at exit. A
    failed start is remembered: the next test fails at once instead of waiting again."""
    return _shared.get()
