"""The `[gateway]` settings for degrading under upstream failure: the request deadline
(`request_timeout_ms`, `mutation_timeout_ms`), the circuit breaker (`[gateway.breaker]`),
the retry budget (`[gateway.retry_budget]`) and the background readiness checks
(`[gateway.readiness]`). Defaults are in the README's "Degrading under failure" section."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from connectors.breaker import BreakerSettings
from connectors.retry_budget import RetryBudgetSettings
from gateway.config_error import ConfigError

DEFAULT_REQUEST_TIMEOUT_MS = 3000
# A mutation's reads (cart pricing, stock checks) may take longer; its writes are bounded
# by their connector's own timeout, never cut half-way by the deadline.
DEFAULT_MUTATION_TIMEOUT_MS = 10_000
# Connector calls stop this much before the deadline: the time it takes to assemble and
# send an answer whose fields failed (one coded error per field, 100+ in an outage).
ANSWER_RESERVE_MS = 50
# Told apart without parsing the document a second time: a document that merely mentions
# the word gets the longer deadline, the safe side for a write.
_MUTATION_WORD = re.compile(r"\bmutation\b")


@dataclass(frozen=True, slots=True)
class ReadinessSettings:
    interval_s: float = 5.0  # between two rounds of checks, per connector
    timeout_s: float = 2.0  # per check; a check that takes longer has failed


@dataclass(frozen=True, slots=True)
class Resilience:
    request_timeout_ms: int = DEFAULT_REQUEST_TIMEOUT_MS
    mutation_timeout_ms: int = DEFAULT_MUTATION_TIMEOUT_MS
    breaker: BreakerSettings = field(default_factory=BreakerSettings)
    retry_budget: RetryBudgetSettings = field(default_factory=RetryBudgetSettings)
    readiness: ReadinessSettings = field(default_factory=ReadinessSettings)

    def deadline_s(self, document: str, allow_mutation: bool) -> float:
        """The connector calls' deadline for one operation (a query's, or a mutation's if it
        may be one), less the reserve for the answer: the client has it in time."""
        # The substring test first: the word search scans a query's whole text for nothing.
        mutation = (
            allow_mutation
            and "mutation" in document
            and _MUTATION_WORD.search(document) is not None
        )
        timeout_ms = self.mutation_timeout_ms if mutation else self.request_timeout_ms
        return max(timeout_ms / 2, timeout_ms - ANSWER_RESERVE_MS) / 1000


# Settings for which 0 means "none" rather than a breaker that always trips or a busy loop.
ZERO_ALLOWED = frozenset({"ratio", "min_retries", "min_calls"})
RESILIENCE_KEYS = frozenset(
    {"request_timeout_ms", "mutation_timeout_ms", "breaker", "retry_budget", "readiness"}
)


def parse_resilience(gateway: Mapping[str, Any], source: str) -> Resilience:
    return Resilience(
        request_timeout_ms=_milliseconds(
            gateway, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS, source
        ),
        mutation_timeout_ms=_milliseconds(
            gateway, "mutation_timeout_ms", DEFAULT_MUTATION_TIMEOUT_MS, source
        ),
        breaker=_section(gateway, "breaker", BreakerSettings, source),
        retry_budget=_section(gateway, "retry_budget", RetryBudgetSettings, source),
        readiness=_section(gateway, "readiness", ReadinessSettings, source),
    )


def _milliseconds(table: Mapping[str, Any], key: str, default: int, source: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600_000:
        raise ConfigError(source, f"gateway.{key}", "must be an integer from 1 to 600000")
    return value


def _section(table: Mapping[str, Any], key: str, kind: type[Any], source: str) -> Any:
    """A table of positive numbers, each named like a field of `kind` (ratios at most 1)."""
    raw = table.get(key, {})
    prefix = f"gateway.{key}"
    if not isinstance(raw, Mapping):
        raise ConfigError(source, prefix, "must be a table")
    known = {f.name: f for f in fields(kind)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        spec = known.get(name)
        if spec is None:
            raise ConfigError(source, f"{prefix}.{name}", f"unknown key (expected {sorted(known)})")
        values[name] = _number(value, spec.type, name in ZERO_ALLOWED, f"{prefix}.{name}", source)
    return kind(**values)


def _number(value: Any, annotation: Any, zero: bool, key: str, source: str) -> float | int:
    integral = str(annotation) == "int"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(source, key, "must be a number")
    if value < 0 or (value == 0 and not zero):
        raise ConfigError(source, key, "must be positive" if not zero else "must not be negative")
    if integral and not isinstance(value, int):
        raise ConfigError(source, key, "must be an integer")
    if key.endswith(("ratio", "rate")) and value > 1:
        raise ConfigError(source, key, "must be between 0 and 1")
    return value if integral else float(value)
