"""One benchmark row per workload and concurrency, the JSON report and its table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from bench.load import LoadResult, percentile


@dataclass(frozen=True, slots=True)
class Row:
    workload: str
    concurrency: int
    requests: int
    errors: int
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    cpu_ms_per_query: float | None
    upstream_calls_per_query: float | None
    # Diagnostics: when these approach the gateway's figure, the machine, not the gateway,
    # may be what limits throughput (all three processes share its CPUs).
    emulator_cpu_ms_per_query: float | None = None
    client_cpu_ms_per_query: float | None = None
    error_samples: list[str] = field(default_factory=list)


def _per_query(total: float, queries: int, digits: int) -> float | None:
    return round(total / queries, digits) if queries else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def make_row(
    workload: str,
    concurrency: int,
    load: LoadResult,
    cpu_s: float,
    upstream_calls: int,
    *,
    emulator_cpu_s: float = 0.0,
    client_cpu_s: float = 0.0,
) -> Row:
    """Throughput and latencies count good answers only; CPU and upstream calls are shared
    out over every request the gateway served."""
    rps = load.ok / load.elapsed_s if load.elapsed_s > 0 else 0.0
    return Row(
        workload=workload,
        concurrency=concurrency,
        requests=load.requests,
        errors=load.errors,
        rps=round(rps, 1),
        p50_ms=_rounded(percentile(load.latencies_ms, 50)),
        p99_ms=_rounded(percentile(load.latencies_ms, 99)),
        cpu_ms_per_query=_per_query(cpu_s * 1000, load.requests, 3),
        upstream_calls_per_query=_per_query(upstream_calls, load.requests, 2),
        emulator_cpu_ms_per_query=_per_query(emulator_cpu_s * 1000, load.requests, 3),
        client_cpu_ms_per_query=_per_query(client_cpu_s * 1000, load.requests, 3),
        error_samples=load.error_samples(),
    )


def build_report(meta: dict[str, Any], rows: list[Row]) -> dict[str, Any]:
    return {"meta": meta, "results": [asdict(row) for row in rows]}


def write_report(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")


# The measured columns every table shows (bench/peer_report.py too): (key, title, format).
MEASURED_COLUMNS = (
    ("concurrency", "conc", ">4"),
    ("requests", "requests", ">8"),
    ("errors", "errors", ">6"),
    ("rps", "rps", ">8"),
    ("p50_ms", "p50 ms", ">8"),
    ("p99_ms", "p99 ms", ">8"),
    ("cpu_ms_per_query", "cpu ms/q", ">9"),
    ("upstream_calls_per_query", "upstream/q", ">10"),
)
_COLUMNS = (
    ("workload", "workload", "<10"),
    *MEASURED_COLUMNS,
    ("emulator_cpu_ms_per_query", "emu ms/q", ">8"),
    ("client_cpu_ms_per_query", "load ms/q", ">9"),
)


def _cell(value: object, spec: str) -> str:
    text = "-" if value is None else str(value)
    return format(text, spec)


def format_table(rows: list[Row]) -> str:
    header = "  ".join(format(title, spec) for _, title, spec in _COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        values = asdict(row)
        lines.append("  ".join(_cell(values[name], spec) for name, _, spec in _COLUMNS))
        lines.extend(f"    ! {sample}" for sample in row.error_samples)
    return "\n".join(lines)
