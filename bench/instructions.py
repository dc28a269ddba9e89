"""Instructions per query, counted by valgrind's callgrind: the same count for the same
code and inputs whatever else the machine is doing, where CPU time on this machine swings
by half within minutes. `bench.inproc` runs the workload in process under
`valgrind --tool=callgrind`; a two-function C library built here (from valgrind's own
`callgrind.h`) zeroes the counters before the measured queries and dumps them after, so
start-up, imports and warm-up are not counted. About a minute for 100 queries.

    python -m bench.instructions [--workload plp|typename|listing] [--cached] [-n 100]
                                 [--tree PATH] [--critical]

`--critical` counts only what a client waits for: one query at a time, from its request
to the send of its answer's body (collection toggled on and off around each), leaving out
what the gateway does after the answer has left (freeing the request, the access log).

`--tree` measures another checkout of the project (a worktree of an older commit): its
packages come first on the path, so the gateway and `bench.inproc` are its own. A tree
older than this tool needs this `bench/inproc.py` copied in (for `--callgrind-window`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import queries
from bench.processes import REPO_ROOT

WINDOW_SOURCE = """#include <valgrind/callgrind.h>
void omnicanal_zero(void) { CALLGRIND_ZERO_STATS; }
void omnicanal_dump(void) { CALLGRIND_DUMP_STATS; }
void omnicanal_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
"""
SUMMARY = re.compile(rb"^summary:\s+(\d+)", re.MULTILINE)


class Unavailable(RuntimeError):
    """valgrind, its headers or a C compiler is missing: the message says which."""


def build_window(directory: Path) -> Path:
    """The shared library bench.inproc calls around the measured batch."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if shutil.which("valgrind") is None or compiler is None:
        raise Unavailable("needs valgrind and a C compiler (Debian: valgrind, gcc)")
    source, library = directory / "window.c", directory / "libwindow.so"
    source.write_text(WINDOW_SOURCE)
    built = subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", "-o", str(library), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        raise Unavailable(f"could not build the callgrind window: {built.stderr.strip()}")
    return library


def count(args: argparse.Namespace) -> int:
    """Instructions of the `-n` measured queries, from callgrind's dump."""
    tree = Path(args.tree).resolve() if args.tree else REPO_ROOT
    with tempfile.TemporaryDirectory(prefix="omnicanal-callgrind-") as work:
        directory = Path(work)
        window = build_window(directory)
        inproc = [sys.executable, "-m", "bench.inproc", "--workload", args.workload]
        inproc += ["-n", str(args.n), "--callgrind-window", str(window)]
        inproc += ["--cached"] if args.cached else []
        inproc += ["--critical"] if args.critical else []
        out = directory / "callgrind.%p"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "-q"]
        command += ["--collect-atstart=no"] if args.critical else []
        command += inproc
        env = {**os.environ, "PYTHONPATH": str(tree)}
        ran = subprocess.run(command, cwd=tree, env=env, capture_output=True, check=False)
        dumps = sorted(directory.glob("callgrind.*.1"))
        if ran.returncode != 0 or not dumps:
            tail = ran.stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"the run under callgrind failed ({ran.returncode}):\n{tail}")
        found = SUMMARY.search(dumps[0].read_bytes())
        if found is None:
            raise SystemExit(f"no summary line in {dumps[0].name}")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions")
    parser.add_argument("--workload", choices=sorted(queries.WORKLOADS), default="plp")
    parser.add_argument("--cached", action="store_true", help="connector answers cached")
    parser.add_argument("-n", type=int, default=100, help="queries counted")
    parser.add_argument("--tree", help="another checkout of the project to measure")
    parser.add_argument(
        "--critical", action="store_true", help="only from each request to its answer's send"
    )
    args = parser.parse_args()
    try:
        total = count(args)
    except Unavailable as missing:
        raise SystemExit(f"bench.instructions: {missing}") from None
    print(f"instructions/query {total / args.n:,.0f}")


if __name__ == "__main__":
    main()
