"""The strict comparison of two answers to the same request, one from each executor.

What must be equal, and how:
- the HTTP status, and the headers in exchange.COMPARED_HEADERS;
- the order of the top-level keys (`errors`, `data`, `extensions`);
- `data` exactly, key order included (a client may rely on it: GraphQL promises the
  selection's order);
- `errors` as a multiset of whole error objects (message, path, locations and every
  extension, not only `code`): a depth-first and a breadth-first executor meet failing
  fields in different orders, and the spec gives `errors` no order. Within one error the
  key order does not count either;
- `extensions` exactly, except `extensions.stale`, a list of the fields served stale,
  which is compared as a multiset for the same reason as `errors`.

What may differ between two gateway processes, each allowed narrowly (`Variance`):
- clock values: two ISO-8601 timestamps with a time zone (`freshness.asOf`, a token's or a
  hold's `expiresAt`, a new cart's `createdAt`) within CLOCK_SKEW of each other, because
  the two requests run moments apart;
- generated values, in mutation sequences only: a new Cart, CartLine, Order or
  PickupReservation gets a random ID in each back office, and a customer access token is
  signed at a different instant. Such a pair is accepted when both are of the same kind
  and consistent with every pair seen before in the sequence (one-to-one), so that the
  same object is always named the same way on each side.
Nothing else is tolerated, and no response is skipped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from schema.ids import from_global_id
from tests.differential.exchange import Reply

CLOCK_SKEW = timedelta(seconds=60)
GENERATED_TYPES = frozenset({"Cart", "CartLine", "Order", "PickupReservation"})
TOKEN_KEYS = frozenset({"accessToken"})
UNORDERED_EXTENSIONS = frozenset({"stale"})

Path = tuple[str | int, ...]


@dataclass
class Variance:
    """The legitimate differences seen so far; `generated` is off for read-only queries,
    where every ID already exists in the shared sample and must match exactly."""

    generated: bool = False
    forward: dict[str, str] = field(default_factory=dict)
    backward: dict[str, str] = field(default_factory=dict)

    def tolerates(self, a: object, b: object, path: Path) -> bool:
        if not (isinstance(a, str) and isinstance(b, str)):
            return False
        return _same_moment(a, b) or (self.generated and self._paired(a, b, path))

    def _paired(self, a: str, b: str, path: Path) -> bool:
        if not (_same_generated_kind(a, b) or (path and path[-1] in TOKEN_KEYS and a and b)):
            return False
        if self.forward.get(a, b) != b or self.backward.get(b, a) != a:
            return False
        self.forward[a], self.backward[b] = b, a
        return True

    def translate(self, value: Any) -> Any:
        """A value of the standard side, with its generated values as the planned side
        names them (to build the planned side's next request from the standard one's)."""
        text = json.dumps(value)
        for a, b in self.forward.items():
            text = text.replace(json.dumps(a)[1:-1], json.dumps(b)[1:-1])
        return json.loads(text)


def _same_moment(a: str, b: str) -> bool:
    first, second = _timestamp(a), _timestamp(b)
    if first is None or second is None:
        return False
    return abs(first - second) <= CLOCK_SKEW


def _timestamp(text: str) -> datetime | None:
    if len(text) < 20 or not text[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _same_generated_kind(a: str, b: str) -> bool:
    first, second = from_global_id(a), from_global_id(b)
    if first is None or second is None:
        return False
    return first[0] == second[0] and first[0] in GENERATED_TYPES


def differences(a: Reply, b: Reply, variance: Variance) -> list[str]:
    """Every way the planned reply `b` differs from the standard reply `a`; empty when
    they are the same answer."""
    found: list[str] = []
    if a.status != b.status:
        found.append(f"HTTP status {a.status} != {b.status}")
    if a.headers != b.headers:
        found.append(f"headers {a.headers} != {b.headers}")
    if not (isinstance(a.body, dict) and isinstance(b.body, dict)):
        found += [] if a.body == b.body else [f"body {a.body!r} != {b.body!r}"]
        return found
    if list(a.body) != list(b.body):
        found.append(f"top-level keys {list(a.body)} != {list(b.body)}")
    found += _walk(a.body.get("data"), b.body.get("data"), ("data",), variance)
    found += _unordered(a.body.get("errors") or [], b.body.get("errors") or [], "errors", variance)
    found += _extensions(a.body.get("extensions") or {}, b.body.get("extensions") or {}, variance)
    return found


def _extensions(a: dict[str, Any], b: dict[str, Any], variance: Variance) -> list[str]:
    found: list[str] = []
    if list(a) != list(b):
        found.append(f"extensions keys {list(a)} != {list(b)}")
    for key in a.keys() & b.keys():
        where = f"extensions.{key}"
        if key in UNORDERED_EXTENSIONS:
            found += _unordered(a[key], b[key], where, variance)
        else:
            found += _walk(a[key], b[key], ("extensions", key), variance)
    return found


def _unordered(a: list[Any], b: list[Any], where: str, variance: Variance) -> list[str]:
    """A multiset comparison; each element of `a` is matched with an equal (up to the
    variance) element of `b`."""
    if len(a) != len(b):
        return [f"{where}: {len(a)} entries != {len(b)}:\n  {_lines(a)}\n  vs\n  {_lines(b)}"]
    exact_a, exact_b = Counter(map(_canonical, a)), Counter(map(_canonical, b))
    rest_a, rest_b = list((exact_a - exact_b).elements()), list((exact_b - exact_a).elements())
    unmatched: list[str] = []
    for item in rest_a:
        match = next((o for o in rest_b if _tolerated(item, o, variance)), None)
        if match is None:
            unmatched.append(item)
        else:
            rest_b.remove(match)
    if not unmatched:
        return []
    return [
        f"{where}: only in standard:\n  {_lines(unmatched)}\n  only in planned:\n  {_lines(rest_b)}"
    ]


def _tolerated(a: str, b: str, variance: Variance) -> bool:
    return not _walk(json.loads(a), json.loads(b), (), variance, ordered=False)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _lines(items: list[Any]) -> str:
    return "\n  ".join(i if isinstance(i, str) else _canonical(i) for i in items) or "(none)"


def _walk(a: Any, b: Any, path: Path, variance: Variance, ordered: bool = True) -> list[str]:
    return list(_walk_values(a, b, path, variance, ordered))


def _walk_values(a: Any, b: Any, path: Path, variance: Variance, ordered: bool) -> Iterator[str]:
    where = ".".join(map(str, path))
    if isinstance(a, dict) and isinstance(b, dict):
        keys_a, keys_b = list(a), list(b)
        if keys_a != keys_b if ordered else set(keys_a) != set(keys_b):
            yield f"{where}: keys {keys_a} != {keys_b}"
            return
        for key in keys_a:
            yield from _walk_values(a[key], b[key], (*path, key), variance, ordered)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items != {len(b)}"
            return
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _walk_values(x, y, (*path, index), variance, ordered)
    elif (type(a) is not type(b) or a != b) and not variance.tolerates(a, b, path):
        yield f"{where}: {a!r} != {b!r}"
