"""A request's loader keeps one table of values per commerce context: a key fetched or
primed for one context is never the answer for another, however the contexts alternate,
and each context fetches only the keys it does not know yet."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.context import CommerceContext
from schema.batching import ContextLoader

FRANCE = CommerceContext()
BELGIUM = CommerceContext(country="BE", language="nl")


class Upstream:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    async def fetch(self, keys: Sequence[str], ctx: CommerceContext) -> list[str]:
        self.calls.append((ctx.country, list(keys)))
        return [f"{key}@{ctx.country}" for key in keys]


async def test_each_context_has_its_own_values_whatever_the_order() -> None:
    upstream = Upstream()
    loader: ContextLoader[str, str] = ContextLoader("prices", upstream.fetch, 10)
    france = await loader.fetch_many(FRANCE, ["a", "b"])
    belgium = await loader.fetch_many(BELGIUM, ["a"])
    again = await loader.fetch_many(FRANCE, ["a", "c"])
    assert (france["a"], france["b"]) == ("a@FR", "b@FR")
    assert belgium["a"] == "a@BE"
    assert (again["a"], again["c"]) == ("a@FR", "c@FR")
    assert upstream.calls == [("FR", ["a", "b"]), ("BE", ["a"]), ("FR", ["c"])]


async def test_a_key_primed_for_one_context_is_unknown_to_another() -> None:
    upstream = Upstream()
    loader: ContextLoader[str, str] = ContextLoader("products", upstream.fetch, 10)
    loader.prime(FRANCE, "p1", "primed")
    assert (await loader.fetch_many(BELGIUM, ["p1"]))["p1"] == "p1@BE"
    assert (await loader.fetch_many(FRANCE, ["p1"]))["p1"] == "primed"
    assert await loader.load(FRANCE, "p1") == "primed"
    assert upstream.calls == [("BE", ["p1"])]
