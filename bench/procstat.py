"""CPU time of a process tree from /proc (Linux): what the gateway spent serving a run."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name, or None if the process is gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may itself hold spaces or parentheses.
    return raw[raw.rindex(")") + 2 :].split()


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (uvicorn workers, their helpers)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), ()):
            found.append(child)
            stack.append(child)
    return found


def cpu_seconds(pid: int, include_children: bool = True) -> float:
    """User plus system CPU of `pid` and, by default, of its live and reaped descendants.

    A live process counts its own utime+stime; one that has exited and been waited for is
    in its parent's cutime+cstime, so every process is counted exactly once.
    """
    pids = [pid, *descendants(pid)] if include_children else [pid]
    ticks = 0
    for each in pids:
        fields = _stat_fields(each)
        if fields is None:
            continue
        utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
        ticks += utime + stime + (cutime + cstime if include_children else 0)
    return ticks / CLOCK_TICKS
