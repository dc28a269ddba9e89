"""The gateway as its own process (`omnicanal serve` on a free port), for tests that watch
the server from outside: its memory (`/proc/<pid>/status`), its exit on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from connectors.base import DOMAINS

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


@dataclass
class SpawnedGateway:
    process: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def status_kb(self, field: str) -> int:
        """A `kB` field of /proc/<pid>/status, e.g. VmRSS (resident) or VmHWM (its peak)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise KeyError(field)

    def reset_peak_rss(self) -> bool:
        """Start VmHWM afresh from the current RSS (Linux `clear_refs` 5); False if refused."""
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True


def config_text(
    data_dir: Path, limits: str, kind: str = "sample", settings: str = "", extra: str = ""
) -> str:
    """An omnicanal.toml: one connector instance of `kind` serves every domain; `extra`
    holds more `[gateway.…]` tables."""
    served = "\n".join(f'{d} = "backoffice"' for d in DOMAINS)
    return f"""[gateway]
data_dir = "{data_dir}"
cache = false

[gateway.limits]
{limits.strip()}

{extra.strip()}

[connectors.backoffice]
kind = "{kind}"
[connectors.backoffice.settings]
{settings.strip()}

[domains]
{served}
"""


@contextlib.asynccontextmanager
async def spawned_gateway(
    text: str, directory: Path, workers: int = 1
) -> AsyncIterator[SpawnedGateway]:
    """`omnicanal serve` with `text` as its configuration; killed by pid on the way out."""
    config = directory / "omnicanal.toml"
    config.write_text(text)
    log = directory / "gateway.log"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMNICANAL_DATA_DIR": str(directory)}
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "gateway.cli", "serve", "--config", str(config)),
            *("--port", str(port), "--log-level", "warning", "--workers", str(workers)),
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=sink,
        )
    gateway = SpawnedGateway(process, port, log)
    try:
        await _wait_healthy(gateway)
        yield gateway
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def _wait_healthy(gateway: SpawnedGateway) -> None:
    async with aiohttp.ClientSession() as session, asyncio.timeout(START_TIMEOUT_S):
        while True:
            if gateway.process.returncode is not None:
                raise RuntimeError(f"the gateway exited: {gateway.log.read_text()[-2000:]}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(gateway.base_url + "/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)


async def stop(gateway: SpawnedGateway) -> None:
    """SIGTERM, as an orchestrator stops a replica: its shutdown runs (flushes, closes)."""
    if gateway.process.returncode is None:
        gateway.process.terminate()
        async with asyncio.timeout(START_TIMEOUT_S):
            await gateway.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
