"""The in-process tier's own look-up: the answers of TTLCache's `get`, with its recency."""

from __future__ import annotations

from connectors.cache_store import Entry, Scope, TaggedTTLCache
from connectors.context import CommerceContext

SCOPE = Scope(0, CommerceContext())


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def entry(value: str) -> Entry:
    return Entry(value, 0.0, 0.0, frozenset({f"tag:{value}"}))


def test_look_up_answers_as_get_does_until_the_entry_expires() -> None:
    clock = Clock()
    cache = TaggedTTLCache(maxsize=10, ttl=5, timer=clock)
    key = ("prices", SCOPE, "a")
    assert cache.look_up(key, clock()) is None
    cache[key] = entry("a")
    for now, expected in [(0.0, "a"), (4.9, "a"), (5.0, None), (7.0, None)]:
        clock.now = now
        found = cache.look_up(key, now)
        assert (found.value if found else None) == expected
        assert cache.get(key) == found


def test_a_key_looked_up_is_the_most_recent_one_when_the_cache_is_full() -> None:
    clock = Clock()
    cache = TaggedTTLCache(maxsize=2, ttl=60, timer=clock)
    first, second, third = (("prices", SCOPE, k) for k in "abc")
    cache[first], cache[second] = entry("a"), entry("b")
    assert cache.look_up(first, clock()) is not None  # now the most recent
    cache[third] = entry("c")  # evicts the least recently used: the second
    assert second not in cache
    assert [k for k in (first, third) if cache.look_up(k, clock())] == [first, third]
    assert cache.purge({"tag:b"}) == 0, "the evicted entry left the tag index too"
