"""The gateways of a `--peers` run as child processes, each pinned to the gateway core, and
the pinning of everything else (emulator, load generator) to the other one."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench import processes
from bench.peers import YOGA_INSTALL, Gateway

GATEWAY_CPUS = "0"
OTHER_CPUS = "1"
READY_S = 60.0
INSTALL_TIMEOUT_S = 600.0


@dataclass(frozen=True, slots=True)
class Pinning:
    """taskset CPU lists, or none when the machine cannot pin (one CPU, no taskset)."""

    gateway: str | None
    other: str | None

    def argv(self, argv: Sequence[str], cpus: str | None) -> list[str]:
        # taskset execs the command: the pid stays the gateway's, for /proc CPU readings.
        return ["taskset", "-c", cpus, *argv] if cpus else list(argv)

    def pin_current_process(self) -> None:
        if self.other:
            os.sched_setaffinity(0, {int(cpu) for cpu in self.other.split(",")})


def pinning() -> Pinning:
    usable = os.sched_getaffinity(0)
    wanted = {int(GATEWAY_CPUS), int(OTHER_CPUS)}
    if shutil.which("taskset") and wanted <= usable:
        return Pinning(GATEWAY_CPUS, OTHER_CPUS)
    return Pinning(None, None)


def install_yoga() -> None:
    """npm ci when node_modules is missing or stale; instant otherwise."""
    done = subprocess.run(
        ["bash", str(YOGA_INSTALL)], capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S
    )
    if done.returncode != 0:
        raise processes.StartupError(f"yoga peer install failed: {done.stderr.strip()[-500:]}")


@dataclass(frozen=True, slots=True)
class Running:
    gateway: Gateway
    process: subprocess.Popen[bytes]
    url: str


async def start(
    session: aiohttp.ClientSession,
    gateway: Gateway,
    emulator_url: str,
    logs: Path,
    pin: Pinning,
) -> Running:
    port = processes.free_port()
    argv = pin.argv(gateway.argv(port, emulator_url), pin.gateway)
    with (logs / f"{gateway.name}.log").open("wb") as log:
        process = processes.spawn(argv, log, processes.child_env(gateway.env))
    url = f"http://127.0.0.1:{port}"
    try:
        await processes.wait_ready(
            session, url + gateway.ready_path, process, gateway.name, READY_S
        )
    except BaseException:
        processes.stop(process)
        raise
    return Running(gateway, process, url)


def stop_all(running: Sequence[Running]) -> None:
    for each in running:
        processes.stop(each.process)
