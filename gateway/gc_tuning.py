"""The garbage collector, tuned once the gateway has started (issue 10, runtime hygiene).

After start-up the process holds a large, long-lived heap (the strawberry and graphql-core
schema, the connectors, the parsed-document caches: ≈ 100,000 objects) that no collection
will ever free, yet every full collection walks it: one every ≈ 60 listings, pausing up to
≈ 120 ms, which set the p99. `gc.freeze()` moves it out of the collector's sight. A
listing's allocations also ran 2-3 young collections per request at CPython's gen0
threshold of 700.

Applied in each worker's lifespan (uvicorn's workers are spawned, not forked, so each one
freezes its own heap) and undone when the lifespan ends, so a process that starts and
stops many apps (the test suite) does not keep their dead start-up objects frozen."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Measured in-process on the listing (collector time per request, longest pause): CPython's
# 700 unfrozen 2.2 ms, 120 ms; frozen at 700 1.1 ms, 15-20 ms; 10,000 0.2 ms, ≈ 5 ms.
# Those requests were cyclic garbage; once they were not (tests/e2e/test_request_garbage.py),
# the count of live objects only rises with what is in flight, between 10,000 and 50,000 at
# 32 clients on the PLP: at 10,000 the collector still ran 565 times in a bench run (0.74 s,
# ≈ 6 % of the CPU), at 50,000 not once after start-up (1.83-1.95 against 2.09 ms CPU per
# PLP). What it still collects (an error's traceback cycle) waits for 50,000 allocations.
GEN0_THRESHOLD = 50_000
GEN1_THRESHOLD = 10
GEN2_THRESHOLD = 10


# Apps running at once in one process (tests with several gateways): the last one to stop
# restores what the first one found.
_running: list[tuple[int, int, int]] = []


@contextlib.contextmanager
def tuned_collector() -> Iterator[None]:
    """Freeze what start-up left alive and raise the thresholds, for the app's lifetime."""
    _running.append(gc.get_threshold())
    gc.collect()  # what start-up left as garbage is freed, not frozen
    gc.freeze()
    gc.set_threshold(GEN0_THRESHOLD, GEN1_THRESHOLD, GEN2_THRESHOLD)
    try:
        yield
    finally:
        found = _running.pop()
        if not _running:
            gc.set_threshold(*found)
            gc.unfreeze()
