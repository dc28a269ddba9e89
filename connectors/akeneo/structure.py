"""The PIM structure a product needs to be read: attribute types and labels, option labels,
and the axes of each family variant. It changes rarely, so it is read at start-up and again
once it is older than `structure_ttl_s`, never per batch: a batch of products costs its own
calls only. If a re-read fails, the structure already held keeps serving."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connectors.akeneo.client import API, AkeneoClient
from connectors.errors import UpstreamBadResponse
from connectors.refreshing import Refreshing

Raw = dict[str, Any]
SELECTS = frozenset({"pim_catalog_simpleselect", "pim_catalog_multiselect"})
PARALLEL_READS = 4


@dataclass(frozen=True, slots=True)
class Structure:
    attributes: Mapping[str, Raw]  # code -> {type, labels}
    options: Mapping[tuple[str, str], Mapping[str, str]]  # (attribute, option) -> labels
    # family variant -> its axis attributes, level by level (one level or two)
    levels: Mapping[str, tuple[tuple[str, ...], ...]]

    def axes(self, family_variant: str | None) -> tuple[str, ...]:
        return tuple(a for level in self.levels.get(family_variant or "", ()) for a in level)

    def two_level(self, family_variant: str | None) -> bool:
        """Variant products sit under a sub-model, not directly under the root model."""
        return len(self.levels.get(family_variant or "", ())) > 1

    def type_of(self, attribute: str) -> str:
        return str(self.attributes.get(attribute, {}).get("type", ""))

    def label(self, attribute: str, locales: tuple[str, ...]) -> str:
        return _in(self.attributes.get(attribute, {}).get("labels"), locales) or attribute

    def option(self, attribute: str, code: str, locales: tuple[str, ...]) -> str:
        return _in(self.options.get((attribute, code)), locales) or code


def _in(labels: Any, locales: tuple[str, ...]) -> str | None:
    if not isinstance(labels, Mapping):
        return None
    return next((labels[loc] for loc in locales if labels.get(loc)), None)


class StructureCache:
    def __init__(
        self, client: AkeneoClient, ttl_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._client = client
        self._held = Refreshing(
            self._read, ttl_s, what="PIM structure", connector=client.name, clock=clock
        )

    async def get(self) -> Structure:
        return await self._held.get()

    async def _read(self) -> Structure:
        try:
            return await self._read_all()
        except (KeyError, TypeError, AttributeError) as exc:
            raise UpstreamBadResponse(
                self._client.name, f"unreadable PIM structure: {exc!r}"
            ) from exc

    async def _read_all(self) -> Structure:
        attributes, families = await self._all([f"{API}/attributes", f"{API}/families"])
        selects = [a["code"] for a in attributes if a.get("type") in SELECTS]
        option_lists = await self._all([f"{API}/attributes/{code}/options" for code in selects])
        variant_lists = await self._all([f"{API}/families/{f['code']}/variants" for f in families])
        return Structure(
            attributes={a["code"]: a for a in attributes},
            options={
                (attribute, option["code"]): option.get("labels") or {}
                for attribute, options in zip(selects, option_lists, strict=True)
                for option in options
            },
            levels={
                variant["code"]: tuple(
                    tuple(level["axes"])
                    for level in sorted(variant["variant_attribute_sets"], key=lambda s: s["level"])
                )
                for variants in variant_lists
                for variant in variants
            },
        )

    async def _all(self, paths: list[str]) -> list[list[Raw]]:
        # A PIM has hundreds of families: read a few at a time, not all at once.
        gate = asyncio.Semaphore(PARALLEL_READS)

        async def read(path: str) -> list[Raw]:
            async with gate:
                return await self._client.all_items(path, {"limit": "100"})

        return list(await asyncio.gather(*map(read, paths)))
