"""`extensions.explain`: for an operation that asked (`X-Omnicanal-Explain: true`, allowed
in development or to a key with the `explain` scope, checked by the gateway), which
connector instances it called, each method's calls, batch sizes, time and errors, the
shared cache's hits, misses and stale serves per domain, and the fields each loader served.
Collected by connectors/explain.py while the operation runs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from connectors.explain import ExplainLog, explaining


class Explain(SchemaExtension):
    log: ExplainLog | None = None

    def on_operation(self) -> Iterator[None]:
        if not getattr(self.execution_context.context, "explain", False):
            yield
            return
        self.log = ExplainLog()
        token, started = explaining.set(self.log), time.perf_counter()
        try:
            yield
        finally:
            explaining.reset(token)
            self.elapsed_ms = round((time.perf_counter() - started) * 1000, 3)

    def get_results(self) -> dict[str, Any]:
        if self.log is None:
            return {}
        return {"explain": {"ms": getattr(self, "elapsed_ms", None), **self.log.report()}}
