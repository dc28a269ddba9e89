"""StockCommits over inventory entries: stock taken by checkout, all lines or none, once per
idempotency key, and put back by `release_stock`.

A commit reads the entries of its SKUs in its supply channels in one query (a store: its
channel; no location: the `warehouse_channels`, and entries in no channel, which the stock
reads count online too), checks every line, then takes the units entry by entry under the
entries' versions (`stock_entries`). An entry changed meanwhile (409) is read again and
tried once more; if it now falls short, what this commit took is put back and the shortage
is returned (when other warehouses could still cover it, the whole commit is planned again,
once).

A click-and-collect commit (a store and a customer) converts the customer's holds there
first (`holds_collect`, `holds_checkout`): they are stored COLLECTED, their units go to the
order, the shelf gives only the rest, and a hold's units the order does not need go back on
the shelf; a commit that falls short re-opens them. Any store commit first reclaims the
lapsed holds on its SKUs, so expired units are on the shelf again.

The moves (and the holds collected) are recorded in a Custom Object (container
`omnicanal-stock-commits`, key: a digest of the idempotency key) after they are applied: a
repeated key finds the record and changes nothing. A second commit racing the first under
the same key loses the record's creation (version 0: create only) and puts its units back.
`release_stock` first marks the record released (under its version, so that only one
release acts), then puts back exactly the recorded units and re-opens the holds it
collected. A process that dies between two steps leaves stock taken, never stock sold twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connectors.commercetools.holds_checkout import Conversion
from connectors.commercetools.holds_collect import HoldUpkeep
from connectors.commercetools.query import KeyPredicate, in_list
from connectors.commercetools.stock_entries import INVENTORY, check, in_store
from connectors.commercetools.stock_plan import Move, plan, quantities, shortages
from connectors.context import CommerceContext
from connectors.errors import UpstreamUnavailable
from connectors.models import StockCommit, StockShortage

CUSTOM_OBJECTS = "/custom-objects"
CONTAINER = "omnicanal-stock-commits"
ROUNDS = 2  # a commit planned again once when an entry or a hold changed under it
Raw = dict[str, Any]
Used = tuple[tuple[str, tuple[Move, ...]], ...]  # hold id -> the units the order took from it


def record_key(idempotency_key: str) -> str:
    """Custom Object keys allow `[-_~.a-zA-Z0-9]`, 256 at most: a digest fits any key."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    version: int
    moves: tuple[Move, ...]
    released: bool
    holds: Used = ()


class StockMoves(HoldUpkeep):
    async def commit_stock(
        self, commit: StockCommit, ctx: CommerceContext
    ) -> tuple[StockShortage, ...]:
        wanted = quantities(commit.lines)
        record = await self._record(commit.idempotency_key)
        if record is not None and not record.released:
            return ()  # already taken under this key
        scope = await self._scope(commit.location_id)
        for _ in range(ROUNDS):
            conversion = await self._conversion(commit, wanted)
            if conversion is None:
                continue  # a hold changed under the commit
            outcome = await self._round(commit.idempotency_key, conversion, scope, record)
            if outcome is not None:
                return outcome
        raise UpstreamUnavailable(self.name, "inventory entries kept changing during a commit")

    async def _conversion(self, commit: StockCommit, wanted: dict[str, int]) -> Conversion | None:
        store, customer = commit.location_id, commit.customer_id
        if store is None:
            return Conversion(rest=wanted)
        if customer is None:
            await self._reclaim(store, list(wanted))
            return Conversion(rest=wanted)
        return await self._collect(record_key(commit.idempotency_key), store, customer, wanted)

    async def _round(
        self, key: str, conversion: Conversion, scope: KeyPredicate, record: Record | None
    ) -> tuple[StockShortage, ...] | None:
        """Read, check, take and record; None when an entry changed under the commit but
        the other entries could still cover it (plan again)."""
        taken: list[Move] = []
        if conversion.rest:
            outcome = await self._take_rest(conversion.rest, scope)
            if not isinstance(outcome, list):
                await self._uncollect(record_key(key), [c.hold for c in conversion.collected])
                return None if outcome is None else _with_held(outcome, conversion)
            taken = outcome
        used = tuple((c.hold.id, c.used) for c in conversion.collected)
        if not await self._save(key, taken, used, record, released=False):
            # A concurrent commit under this key recorded its own moves first.
            await self._put_back([(m, None) for m in taken])
            await self._uncollect(record_key(key), [c.hold for c in conversion.collected])
            return ()
        await self._put_back([(m, None) for m in conversion.surplus])
        return ()

    async def _take_rest(
        self, wanted: dict[str, int], scope: KeyPredicate
    ) -> list[Move] | tuple[StockShortage, ...] | None:
        """The moves taken, the shortages, or None (an entry changed: plan again)."""
        entries = await self._batch(INVENTORY, scope, list(wanted), paged=True)
        short = self._normalised(lambda: shortages(wanted, entries))
        if short:
            return short
        moves, used = self._normalised(lambda: plan(wanted, entries))
        free: dict[str, int] = {}
        taken = await self._take_all(moves, used, free)
        if taken is None:
            return self._normalised(lambda: shortages(wanted, entries, free)) or None
        return taken

    async def release_stock(self, idempotency_key: str, ctx: CommerceContext) -> None:
        record = await self._record(idempotency_key)
        if record is None or record.released:
            return
        if await self._save(idempotency_key, record.moves, record.holds, record, released=True):
            await self._put_back([(m, None) for m in record.moves])
            await self._reopen(record_key(idempotency_key), record.holds)
        # else: released (or released and committed again) concurrently: that call acted

    async def _scope(self, location_id: str | None) -> KeyPredicate:
        """SKUs in the store's channel, or in a warehouse or no channel at all."""
        if location_id is not None:
            return in_store(location_id)
        ref = await self.reference.get()
        ids = [ref.channel_ids[k] for k in self.settings.warehouse_channels if k in ref.channel_ids]
        where = "supplyChannel is not defined"
        if ids:
            where = f"supplyChannel(id in {in_list(ids)}) or {where}"
        return KeyPredicate(lambda keys: f"sku in {keys} and ({where})")

    async def _record(self, idempotency_key: str) -> Record | None:
        path = f"{CUSTOM_OBJECTS}/{CONTAINER}/{record_key(idempotency_key)}"
        raw = await self.client.get(path)
        if raw is None:
            return None

        def read() -> Record:
            value = raw["value"]
            moves = tuple(Move.of(m) for m in value["moves"])
            holds = tuple(
                (str(h["id"]), tuple(Move.of(m) for m in h["used"]))
                for h in value.get("holds") or ()
            )
            return Record(int(raw["version"]), moves, bool(value["released"]), holds)

        return self._normalised(read)

    async def _save(
        self,
        idempotency_key: str,
        moves: Sequence[Move],
        holds: Used,
        record: Record | None,
        *,
        released: bool,
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
                "holds": [{"id": h, "used": [m.as_json() for m in used]} for h, used in holds],
                "released": released,
            },
        }
        response = await self.client.post(CUSTOM_OBJECTS, draft)
        if response.status == 409:
            return False
        check(self.name, response.status, response.body, "stock commit record")
        return True


def _with_held(
    short: tuple[StockShortage, ...], conversion: Conversion
) -> tuple[StockShortage, ...]:
    """Shortages of the shelf's part as the customer sees them: their held units count."""
    covered = conversion.covered
    return tuple(
        StockShortage(s.sku, s.wanted + covered.get(s.sku, 0), s.available + covered.get(s.sku, 0))
        for s in short
    )
