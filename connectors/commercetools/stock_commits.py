"""StockCommits over inventory entries: stock taken by checkout, all lines or none, once per
idempotency key, and put back by `release_stock`.

A commit reads the entries of its SKUs in its supply channels in one query (a store: its
channel; no location: the `warehouse_channels`, and entries in no channel, which the stock
reads count online too), checks every line, then sends one `removeQuantity` per entry
guarded by the entry's version. An entry changed meanwhile (409) is read again and tried
once more; if it now falls short, what this commit took is put back and the shortage is
returned (when other warehouses could still cover it, the whole commit is planned again,
once).

The moves are recorded in a Custom Object (container `omnicanal-stock-commits`, key: a
digest of the idempotency key) after they are applied: a repeated key finds the record and
changes nothing. A second commit racing the first under the same key loses the record's
creation (version 0: create only) and puts its units back. `release_stock` first marks the
record released (under its version, so that only one release acts), then puts back exactly
the recorded units. Units are put back with `changeQuantity` to the entry's quantity plus
the units, under the entry's version (read again on 409): the same as `addQuantity`, which
the test mock does not implement. A process that dies between two steps leaves stock taken,
never stock sold twice.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from connectors.commercetools.core import Core
from connectors.commercetools.errors import error_codes
from connectors.commercetools.query import KeyPredicate, in_list
from connectors.commercetools.stock_plan import Move, available, plan, quantities, shortages
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse, UpstreamUnavailable
from connectors.models import StockCommit, StockShortage

log = logging.getLogger(__name__)

INVENTORY = "/inventory"
CUSTOM_OBJECTS = "/custom-objects"
CONTAINER = "omnicanal-stock-commits"
ROUNDS = 2  # a commit planned again once when an entry changed under it
PUT_BACK_ATTEMPTS = 3
Raw = dict[str, Any]


def record_key(idempotency_key: str) -> str:
    """Custom Object keys allow `[-_~.a-zA-Z0-9]`, 256 at most: a digest fits any key."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    version: int
    moves: tuple[Move, ...]
    released: bool


class StockMoves(Core):
    async def commit_stock(
        self, commit: StockCommit, ctx: CommerceContext
    ) -> tuple[StockShortage, ...]:
        wanted = quantities(commit.lines)
        record = await self._record(commit.idempotency_key)
        if record is not None and not record.released:
            return ()  # already taken under this key
        scope = await self._scope(commit.location_id)
        for _ in range(ROUNDS):
            outcome = await self._round(commit.idempotency_key, wanted, scope, record)
            if outcome is not None:
                return outcome
        raise UpstreamUnavailable(self.name, "inventory entries kept changing during a commit")

    async def _round(
        self, key: str, wanted: dict[str, int], scope: KeyPredicate, record: Record | None
    ) -> tuple[StockShortage, ...] | None:
        """Read, check, take and record; None when an entry changed under the commit but
        the other entries could still cover it (plan again)."""
        entries = await self._batch(INVENTORY, scope, list(wanted), paged=True)
        short = self._normalised(lambda: shortages(wanted, entries))
        if short:
            return short
        moves, used = self._normalised(lambda: plan(wanted, entries))
        free: dict[str, int] = {}
        taken = await self._take_all(moves, used, free)
        if taken is None:
            short = self._normalised(lambda: shortages(wanted, entries, free))
            return short or None
        if not await self._save(key, taken, record, released=False):
            # A concurrent commit under this key recorded its own moves first.
            await self._put_back([(m, None) for m in taken])
        return ()

    async def release_stock(self, idempotency_key: str, ctx: CommerceContext) -> None:
        record = await self._record(idempotency_key)
        if record is None or record.released:
            return
        if await self._save(idempotency_key, record.moves, record, released=True):
            await self._put_back([(m, None) for m in record.moves])
        # else: released (or released and committed again) concurrently: that call acted

    async def _scope(self, location_id: str | None) -> KeyPredicate:
        """SKUs in the store's channel, or in a warehouse or no channel at all."""
        if location_id is not None:
            channels = in_list([location_id])
            return KeyPredicate(lambda keys: f"sku in {keys} and supplyChannel(id in {channels})")
        ref = await self.reference.get()
        ids = [ref.channel_ids[k] for k in self.settings.warehouse_channels if k in ref.channel_ids]
        where = "supplyChannel is not defined"
        if ids:
            where = f"supplyChannel(id in {in_list(ids)}) or {where}"
        return KeyPredicate(lambda keys: f"sku in {keys} and ({where})")

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
            response = await self.client.post(_entry_path(move.entry_id), body)
            if response.status == 409 and attempt == 0:
                again = await self.client.get(_entry_path(move.entry_id))
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
            _check(self.name, response.status, response.body, "inventory update")
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
                entry = await self.client.get(_entry_path(move.entry_id))
                if entry is None:
                    log.warning("%s: entry %s gone, %s units of %s not put back",
                                self.name, move.entry_id, move.quantity, move.sku)  # fmt: skip
                    return
            quantity = entry["quantityOnStock"] + move.quantity
            action = {"action": "changeQuantity", "quantity": quantity}
            body = {"version": entry["version"], "actions": [action]}
            response = await self.client.post(_entry_path(move.entry_id), body)
            if response.status in (404, 409):
                entry = None  # changed (or gone): read it again
                continue
            _check(self.name, response.status, response.body, "inventory update")
            return
        raise UpstreamUnavailable(self.name, f"inventory entry {move.entry_id} kept changing")

    async def _record(self, idempotency_key: str) -> Record | None:
        path = f"{CUSTOM_OBJECTS}/{CONTAINER}/{record_key(idempotency_key)}"
        raw = await self.client.get(path)
        if raw is None:
            return None

        def read() -> Record:
            value = raw["value"]
            moves = tuple(Move.of(m) for m in value["moves"])
            return Record(int(raw["version"]), moves, bool(value["released"]))

        return self._normalised(read)

    async def _save(
        self, idempotency_key: str, moves: Sequence[Move], record: Record | None, *, released: bool
    ) -> bool:
        """Writes the record under the version read (0: only if there is none yet); False
        when it changed meanwhile."""
        draft = {
            "container": CONTAINER,
            "key": record_key(idempotency_key),
            "version": record.version if record else 0,
            "value": {
                "idempotencyKey": idempotency_key,
                "moves": [m.as_json() for m in moves],
                "released": released,
            },
        }
        response = await self.client.post(CUSTOM_OBJECTS, draft)
        if response.status == 409:
            return False
        _check(self.name, response.status, response.body, "stock commit record")
        return True


def _entry_path(entry_id: str) -> str:
    return f"{INVENTORY}/{quote(entry_id, safe='')}"


def _check(name: str, status: int, body: Any, what: str) -> None:
    if status >= 400:
        codes = ",".join(error_codes(body)) or str(status)
        raise UpstreamBadResponse(name, f"{what} refused ({codes})")
