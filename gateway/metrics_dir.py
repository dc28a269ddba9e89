"""The directory prometheus_client's multiprocess mode shares between the workers of one
`omnicanal serve`: fresh for every start (samples of a previous run must not count),
named in the environment before any worker exists (each inherits it, and prometheus_client
reads it when it is first imported), removed when the server exits. A server killed
outright leaves its directory behind: the next start removes those whose server is gone.
Importing this module does not import prometheus_client."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "omnicanal-metrics-"


def fresh_metrics_dir() -> str:
    _remove_orphans(Path(tempfile.gettempdir()))
    directory = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    os.environ[MULTIPROC_ENV] = directory
    atexit.register(shutil.rmtree, directory, True)
    return directory


def _remove_orphans(parent: Path) -> None:
    for directory in parent.glob(f"{PREFIX}*-*"):
        pid = directory.name.removeprefix(PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
