"""Units taken out of inventory entries and put back, under the entries' versions.

Taking is one `removeQuantity` per entry guarded by the entry's version: an entry changed
meanwhile (409) is read again and tried once more if it still has the units. Putting back is
`changeQuantity` to the entry's quantity plus the units, under its version (read again on
409): the same as `addQuantity`, which the test mock does not implement. Stock commits and
holds share these, so the entry's version orders every writer of one SKU in one channel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from connectors.commercetools.core import Core
from connectors.commercetools.errors import error_codes
from connectors.commercetools.query import KeyPredicate, in_list
from connectors.commercetools.stock_plan import Move, available
from connectors.errors import UpstreamBadResponse, UpstreamUnavailable

log = logging.getLogger(__name__)

INVENTORY = "/inventory"
PUT_BACK_ATTEMPTS = 3
Raw = dict[str, Any]


def in_store(store_id: str) -> KeyPredicate:
    """The entries of some SKUs in one store's supply channel."""
    channels = in_list([store_id])
    return KeyPredicate(lambda keys: f"sku in {keys} and supplyChannel(id in {channels})")


class EntryMoves(Core):
    async def _take_all(
        self, moves: Sequence[Move], entries: Sequence[Raw], free: dict[str, int]
    ) -> list[Move] | None:
        """Every move applied, or none (what was taken is put back) and None when an entry
        fell short; `free` then says what the entries read again offer."""
        results = await asyncio.gather(
            *(self._take(m, e, free) for m, e in zip(moves, entries, strict=True)),
            return_exceptions=True,
        )
        taken = [(m, r) for m, r in zip(moves, results, strict=True) if isinstance(r, dict)]
        if len(taken) == len(moves):
            return list(moves)
        await self._put_back(taken)
        failed = next((r for r in results if isinstance(r, BaseException)), None)
        if failed is not None:
            raise failed
        return None

    async def _take(self, move: Move, entry: Raw, free: dict[str, int]) -> Raw | None:
        """The entry after `removeQuantity`, or None when it no longer has the units."""
        for attempt in range(2):
            action = {"action": "removeQuantity", "quantity": move.quantity}
            body = {"version": entry["version"], "actions": [action]}
            response = await self.client.post(entry_path(move.entry_id), body)
            if response.status == 409 and attempt == 0:
                again = await self.client.get(entry_path(move.entry_id))
                if again is None:
                    free[move.entry_id] = 0
                    return None
                free[move.entry_id] = self._offered(again)
                if free[move.entry_id] < move.quantity:
                    return None
                entry = again
                continue
            if response.status == 404:
                free[move.entry_id] = 0
                return None
            check(self.name, response.status, response.body, "inventory update")
            updated: Raw = response.body
            return updated
        raise UpstreamUnavailable(self.name, f"inventory entry {move.entry_id} kept changing")

    def _offered(self, entry: Raw) -> int:
        return self._normalised(lambda: available(entry))

    async def _put_back(self, moves: Sequence[tuple[Move, Raw | None]]) -> None:
        """Each move's units back into its entry (the entry as last seen, if known)."""
        await asyncio.gather(*(self._add(move, entry) for move, entry in moves))

    async def _add(self, move: Move, entry: Raw | None) -> None:
        for _ in range(PUT_BACK_ATTEMPTS):
            if entry is None:
                entry = await self.client.get(entry_path(move.entry_id))
                if entry is None:
                    log.warning("%s: entry %s gone, %s units of %s not put back",
                                self.name, move.entry_id, move.quantity, move.sku)  # fmt: skip
                    return
            quantity = entry["quantityOnStock"] + move.quantity
            action = {"action": "changeQuantity", "quantity": quantity}
            body = {"version": entry["version"], "actions": [action]}
            response = await self.client.post(entry_path(move.entry_id), body)
            if response.status in (404, 409):
                entry = None  # changed (or gone): read it again
                continue
            check(self.name, response.status, response.body, "inventory update")
            return
        raise UpstreamUnavailable(self.name, f"inventory entry {move.entry_id} kept changing")


def entry_path(entry_id: str) -> str:
    return f"{INVENTORY}/{quote(entry_id, safe='')}"


def check(name: str, status: int, body: Any, what: str) -> None:
    if status >= 400:
        codes = ",".join(error_codes(body)) or str(status)
        raise UpstreamBadResponse(name, f"{what} refused ({codes})")
