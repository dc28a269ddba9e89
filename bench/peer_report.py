"""The figures of a `--peers` run: one row per round, gateway, workload and concurrency, the
mean of the two rounds per gateway, omnicanal's ratios to yoga and the upstream floor."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import mean
from typing import Any

from bench.load import LoadResult, percentile
from bench.report import MEASURED_COLUMNS, Row

REFERENCE = "yoga"
SUBJECT = "omnicanal"
FLOOR_SLACK_MS = 1.5
# Averaged over the rounds; rps and CPU are what the targets are about.
MEANS = ("rps", "p50_ms", "p99_ms", "cpu_ms_per_query", "upstream_calls_per_query")


@dataclass(frozen=True, slots=True)
class PeerRow:
    gateway: str
    round: int
    row: Row

    def as_dict(self) -> dict[str, Any]:
        return {"gateway": self.gateway, "round": self.round, **asdict(self.row)}


def floor_figures(result: LoadResult) -> dict[str, Any]:
    return {
        "requests": result.requests,
        "errors": result.errors,
        "p50_ms": _rounded(percentile(result.latencies_ms, 50)),
        "p99_ms": _rounded(percentile(result.latencies_ms, 99)),
        "error_samples": result.error_samples(),
    }


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(mean(known), 3) if known else None


Key = tuple[str, str, int]  # gateway, workload, concurrency


def means(rows: list[PeerRow]) -> dict[Key, dict[str, float | None]]:
    grouped: dict[Key, list[Row]] = {}
    for each in rows:
        key = (each.gateway, each.row.workload, each.row.concurrency)
        grouped.setdefault(key, []).append(each.row)
    return {
        key: {name: _mean([getattr(r, name) for r in group]) for name in MEANS}
        for key, group in grouped.items()
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def ratios(averaged: dict[Key, dict[str, float | None]]) -> list[dict[str, Any]]:
    """omnicanal ÷ yoga per workload and concurrency: rps (≥ 1 is the target) and CPU."""
    found = []
    for (gateway, workload, concurrency), ours in averaged.items():
        theirs = averaged.get((REFERENCE, workload, concurrency))
        if gateway != SUBJECT or theirs is None:
            continue
        found.append(
            {
                "workload": workload,
                "concurrency": concurrency,
                "rps_vs_yoga": _ratio(ours["rps"], theirs["rps"]),
                "cpu_vs_yoga": _ratio(ours["cpu_ms_per_query"], theirs["cpu_ms_per_query"]),
            }
        )
    return found


def floor_target(
    averaged: dict[Key, dict[str, float | None]], floors: list[dict[str, Any]]
) -> dict[str, Any]:
    """The issue's target: omnicanal's PLP p50 at one client ≤ the floor's p50 + 1.5 ms."""
    floor_p50 = _mean([f["p50_ms"] for f in floors])
    ours = averaged.get((SUBJECT, "plp", 1), {}).get("p50_ms")
    target = None if floor_p50 is None else round(floor_p50 + FLOOR_SLACK_MS, 3)
    met = None if ours is None or target is None else ours <= target
    return {"floor_p50_ms": floor_p50, "target_ms": target, "omnicanal_p50_ms": ours, "met": met}


def build(
    meta: dict[str, Any], rows: list[PeerRow], floors: list[dict[str, Any]]
) -> dict[str, Any]:
    averaged = means(rows)
    return {
        "floor_target": floor_target(averaged, floors),
        "meta": meta,
        "upstream_floor": floors,
        "rounds": [each.as_dict() for each in rows],
        "means": [
            {"gateway": g, "workload": w, "concurrency": c, **figures}
            for (g, w, c), figures in averaged.items()
        ],
        "omnicanal_ratios": ratios(averaged),
    }


_ROUND_COLUMNS = (
    ("round", "rnd", ">3"),
    ("gateway", "gateway", "<10"),
    ("workload", "workload", "<8"),
    *MEASURED_COLUMNS,
)


def _line(values: dict[str, Any], columns: tuple[tuple[str, str, str], ...]) -> str:
    return "  ".join(
        format("-" if values.get(name) is None else str(values[name]), spec)
        for name, _, spec in columns
    )


def _table(records: list[dict[str, Any]], columns: tuple[tuple[str, str, str], ...]) -> str:
    header = "  ".join(format(title, spec) for _, title, spec in columns)
    return "\n".join([header, "-" * len(header), *(_line(r, columns) for r in records)])


def format_text(report: dict[str, Any]) -> str:
    rounds = _table(report["rounds"], _ROUND_COLUMNS)
    samples = [
        f"    ! {r['gateway']} round {r['round']}: {sample}"
        for r in report["rounds"]
        for sample in r["error_samples"]
    ]
    averaged = _table(report["means"], _ROUND_COLUMNS[1:])
    ratio_lines = [
        f"omnicanal ÷ yoga, {r['workload']} at {r['concurrency']}: "
        f"rps {r['rps_vs_yoga']}x, CPU/query {r['cpu_vs_yoga']}x"
        for r in report["omnicanal_ratios"]
    ]
    floors = ", ".join(
        f"round {i}: p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms ({f['requests']} PLPs)"
        for i, f in enumerate(report["upstream_floor"], start=1)
    )
    target = report["floor_target"]
    target_line = (
        f"omnicanal PLP p50 at 1 client {target['omnicanal_p50_ms']} ms against floor + "
        f"{FLOOR_SLACK_MS} ms = {target['target_ms']} ms (met: {target['met']})"
    )
    return "\n".join(
        [
            "per round:",
            rounds,
            *samples,
            "",
            "mean of the rounds:",
            averaged,
            "",
            *ratio_lines,
            f"upstream floor (search, then prices + stock, one client): {floors}",
            target_line,
        ]
    )
